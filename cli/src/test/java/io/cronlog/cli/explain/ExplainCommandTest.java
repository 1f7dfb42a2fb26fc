package io.cronlog.cli.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExplainCommandTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T10:10:00.200Z"), ZoneOffset.UTC);

  /** What one run of the command printed, and its exit status. */
  record Run(int status, String out, String err) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return new KubernetesSerialization().unmarshal(out, Map.class);
    }
  }

  private static Run run(String... args) {
    return runWithInput("", args);
  }

  private static Run runWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExplainCommand command =
        new ExplainCommand(CLOCK, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    int status =
        new CommandLine(command)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  static String fixture(String name) {
    try {
      return Path.of(ExplainCommandTest.class.getResource("/explain/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A map that may hold nulls, in the order given. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void forbidSkipsTheDueRunBecauseThePreviousIsRunningAsJson() {
    Run run = run("-f", fixture("forbid-running.yaml"), "-o", "json");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.json())
        .containsEntry("decisions", List.of())
        .containsEntry(
            "events",
            List.of(
                Map.of(
                    "type",
                    "Normal",
                    "reason",
                    "JobAlreadyActive",
                    "message",
                    "Not starting job because prior execution is running and concurrency policy is Forbid")))
        .containsEntry(
            "status",
            map(
                "active",
                List.of("hello-29929565"),
                "lastScheduleTime",
                "2026-11-27T10:05:00Z",
                "lastSuccessfulTime",
                null,
                "lastMissedTime",
                null,
                "nextScheduleTime",
                "2026-11-27T10:15:00Z"))
        .containsEntry("nextWake", "2026-11-27T10:15:00Z");
  }

  @Test
  void jsonHasEveryKeyEvenWhenItsValueIsNull() {
    Run run = run("-f", fixture("forbid-running.yaml"), "-o", "json");

    assertThat(run.out()).contains("\"lastSuccessfulTime\":null", "\"lastMissedTime\":null");
  }

  @Test
  void forbidSkipsTheDueRunAsText() {
    Run run = run("-f", fixture("forbid-running.yaml"));

    assertThat(run.status()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "team-a/hello at 2026-11-27 10:10:00 UTC:",
            "  Forbid: skipped because hello-29929565 is running",
            "  active after: hello-29929565",
            "next run 2026-11-27 10:15:00 UTC");
  }

  @Test
  void listWithHistoryStartsTheDueRunAndDeletesBeyondTheLimit() {
    Run run =
        run("-f", fixture("history-list.yaml"), "--now", "2026-11-27T10:00:02Z", "-o", "json");

    assertThat(run.status()).isZero();
    assertThat(run.json().get("decisions"))
        .isEqualTo(
            List.of(
                Map.of(
                    "action",
                    "DeleteJob",
                    "jobName",
                    "report-29929440",
                    "scheduledTime",
                    "2026-11-27T08:00:00Z",
                    "reason",
                    "successfulJobsHistoryLimit"),
                Map.of(
                    "action",
                    "CreateJob",
                    "jobName",
                    "report-29929560",
                    "scheduledTime",
                    "2026-11-27T10:00:00Z",
                    "reason",
                    "scheduled")));
    assertThat(run.json().get("status"))
        .isEqualTo(
            map(
                "active",
                List.of("report-29929560"),
                "lastScheduleTime",
                "2026-11-27T10:00:00Z",
                "lastSuccessfulTime",
                "2026-11-27T09:00:15Z",
                "lastMissedTime",
                null,
                "nextScheduleTime",
                "2026-11-27T11:00:00Z"));
    assertThat(run.json()).containsEntry("nextWake", "2026-11-27T11:00:00Z");
  }

  @Test
  void listWithHistoryAsText() {
    Run run = run("-f", fixture("history-list.yaml"), "--now", "2026-11-27T10:00:02Z");

    assertThat(run.out().lines())
        .containsExactly(
            "default/report at 2026-11-27 10:00:02 UTC:",
            "  delete Job report-29929440 (successfulJobsHistoryLimit)",
            "  start Job report-29929560 for 2026-11-27 10:00:00 UTC (scheduled)",
            "  active after: report-29929560",
            "next run 2026-11-27 11:00:00 UTC");
  }

  @Test
  void realKubectlOutputFromTheDevStackIsExplained() {
    // Captured from bin/cronlog dev: a Forbid run still going, the next minute due, a manual
    // trigger waiting (decided first: it was asked for first). The ScheduledJob is a document of
    // its own, its Jobs a kind: List.
    Run run = run("-f", fixture("kubectl-dev.yaml"), "--now", "2026-11-27T21:33:14Z", "-o", "json");

    assertThat(run.status()).isZero();
    assertThat(run.json())
        .containsEntry("decisions", List.of())
        .containsEntry(
            "status",
            map(
                "active",
                List.of("hello-29930252"),
                "lastScheduleTime",
                "2026-11-27T21:32:00Z",
                "lastSuccessfulTime",
                null,
                "lastMissedTime",
                null,
                "nextScheduleTime",
                "2026-11-27T21:34:00Z"))
        .containsEntry("nextWake", "2026-11-27T21:34:00Z");
    List<?> events = (List<?>) run.json().get("events");
    assertThat(events.stream().map(e -> ((Map<?, ?>) e).get("reason")).toList())
        .isEqualTo(List.of("ManualRunWaiting", "JobAlreadyActive"));
  }

  @Test
  void realKubectlOutputOnceTheRunHasEndedStartsTheDueRun() {
    // The same file a minute later: the Job is still in the file as running, so the 21:34 run is
    // skipped too; explain decides from what the file shows, never from the cluster.
    Run run = run("-f", fixture("kubectl-dev.yaml"), "--now", "2026-11-27T21:34:01Z");

    assertThat(run.out().lines())
        .contains(
            "  Forbid: skipped because hello-29930252 is running",
            "next run 2026-11-27 21:35:00 UTC");
  }

  @Test
  void suspendedScheduledJobDecidesNothingAndHasNoNextRun() {
    Run text = run("-f", fixture("suspended.yaml"));
    Run json = run("-f", fixture("suspended.yaml"), "-o", "json");

    assertThat(text.status()).isZero();
    assertThat(text.err()).isEmpty();
    assertThat(text.out().lines())
        .containsExactly(
            "team-a/hello at 2026-11-27 10:10:00 UTC:",
            "  nothing to do now",
            "  active after: none",
            "no next run (suspended)");
    assertThat(json.status()).isZero();
    assertThat(json.json())
        .containsEntry("decisions", List.of())
        .containsEntry("nextWake", null)
        .containsEntry(
            "status",
            map(
                "active",
                List.of(),
                "lastScheduleTime",
                "2026-11-27T10:05:00Z",
                "lastSuccessfulTime",
                null,
                "lastMissedTime",
                null,
                "nextScheduleTime",
                null));
  }

  @Test
  void unparseableScheduleIsExplainedWithItsWarning() {
    Run text = run("-f", fixture("unparseable.yaml"));
    Run json = run("-f", fixture("unparseable.yaml"), "-o", "json");

    assertThat(text.status()).isZero();
    assertThat(text.out().lines())
        .containsExactly(
            "team-a/hello at 2026-11-27 10:10:00 UTC:",
            "  Warning UnparseableSchedule: schedule \"every five minutes\": expected 5 fields (minute hour "
                + "day-of-month month day-of-week), found 3",
            "  active after: none",
            "no next run (UnparseableSchedule)");
    assertThat(json.status()).isZero();
    assertThat(json.json().get("status"))
        .isEqualTo(
            map(
                "active",
                List.of(),
                "lastScheduleTime",
                null,
                "lastSuccessfulTime",
                null,
                "lastMissedTime",
                null,
                "nextScheduleTime",
                null));
  }

  @Test
  void unknownTimeZoneIsExplainedWithItsWarning() {
    Run json = run("-f", fixture("unknown-zone.yaml"), "-o", "json");

    assertThat(json.status()).isZero();
    assertThat(json.json().get("events"))
        .isEqualTo(
            List.of(
                Map.of(
                    "type",
                    "Warning",
                    "reason",
                    "UnknownTimeZone",
                    "message",
                    "time zone \"Mars/Olympus\": not in the IANA time zone database")));
    assertThat(run("-f", fixture("unknown-zone.yaml")).out().lines())
        .last()
        .isEqualTo("no next run (UnknownTimeZone)");
  }

  @Test
  void scheduledJobWithoutAScheduleIsExplainedAsUnparseable() {
    Run run = run("-f", fixture("no-schedule.yaml"));

    assertThat(run.status()).isZero();
    assertThat(run.out().lines())
        .contains(
            "  Warning UnparseableSchedule: schedule is empty",
            "no next run (UnparseableSchedule)");
  }

  @Test
  void scheduledJobBeingDeletedStartsNothing() {
    Run run = run("-f", fixture("being-deleted.yaml"));

    assertThat(run.status()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "team-a/hello at 2026-11-27 10:10:00 UTC:",
            "  nothing to do now",
            "  active after: none",
            "no next run (being deleted)");
  }

  @Test
  void missingFileIsOneLineAndStatus2() {
    Run run = run("-f", "/no/such/file.yaml");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly("/no/such/file.yaml: no such file");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aFileThatIsNotTextIsOneLineAndStatus2(@TempDir Path dir) throws IOException {
    Path binary = Files.write(dir.resolve("image.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    Run run = run("-f", binary.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly(binary + ": not UTF-8 text, so not YAML or JSON");
  }

  @Test
  void aDirectoryIsOneLineAndStatus2(@TempDir Path dir) {
    Run run = run("-f", dir.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().startsWith(dir + ": cannot be read");
  }

  @Test
  void badYamlIsOneLineAndStatus2() {
    Run run = run("-f", fixture("bad.yaml"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .contains("bad.yaml: not Kubernetes YAML or JSON");
  }

  @Test
  void fileWithoutAScheduledJobIsOneLineAndStatus2() {
    Run run = run("-f", fixture("no-scheduledjob.yaml"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(fixture("no-scheduledjob.yaml") + ": holds no ScheduledJob");
  }

  @Test
  void explainsEachScheduledJobOfAMultiDocumentFileInOrderIncludingTheSuspendedAndTheInvalid() {
    Run run = run("-f", fixture("two-at-once.yaml"));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines())
        .containsExactly(
            "default/paused at 2026-11-27 10:10:00 UTC:",
            "  nothing to do now",
            "  active after: none",
            "no next run (suspended)",
            "",
            "default/incomplete at 2026-11-27 05:10:00 US/Eastern:",
            "  Warning InvalidSpec: spec.jobTemplate: Required value",
            "  active after: none",
            "no next run (InvalidSpec)");
  }

  @Test
  void nameExplainsOnlyThatScheduledJobOfTheFile() {
    Run run = run("-f", fixture("two-at-once.yaml"), "--name", "default/incomplete");

    assertThat(run.status()).isZero();
    assertThat(run.out().lines().findFirst())
        .contains("default/incomplete at 2026-11-27 05:10:00 US/Eastern:");
    assertThat(run.out()).doesNotContain("paused");
  }

  @Test
  void aNameTheFileDoesNotHoldIsOneLineListingWhatItHoldsAndStatus2() {
    Run run = run("-f", fixture("two-at-once.yaml"), "--name", "hello");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            fixture("two-at-once.yaml")
                + ": no ScheduledJob hello (it holds default/paused, default/incomplete)");
  }

  @Test
  void dashReadsTheFileFromStandardInput() throws Exception {
    String yaml = Files.readString(Path.of(fixture("suspended.yaml")));

    Run run = runWithInput(yaml, "-f", "-");

    assertThat(run.status()).isZero();
    assertThat(run.out().lines().findFirst()).contains("team-a/hello at 2026-11-27 10:10:00 UTC:");
  }

  @Test
  void emptyStandardInputIsOneLineAndStatus2() {
    Run run = runWithInput("", "-f", "-");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().startsWith("standard input: ");
  }

  @Test
  void readsAStreamOfJsonObjectsAsKubectlApplyDoesOneJsonLineEach() {
    Run run = run("-f", fixture("json-stream.json"), "-o", "json");

    assertThat(run.status()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(new Run(0, lines.get(0), "").json())
        .containsEntry("nextWake", "2026-11-27T11:00:00Z");
    assertThat(new Run(0, lines.get(1), "").json())
        .containsEntry(
            "events",
            List.of(
                Map.of(
                    "type",
                    "Warning",
                    "reason",
                    "UnparseableSchedule",
                    "message",
                    "minute: 61 is above the maximum 59")));
  }

  @Test
  void truncatedJsonIsOneLineWithWhereItBrokeAndStatus2() {
    Run run = run("-f", fixture("truncated.json"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith(fixture("truncated.json") + ": not JSON: Unexpected end-of-input")
        .endsWith("(line 2, column 34)");
  }

  @Test
  void badNowIsOneLineAndStatus2() {
    Run run = run("-f", fixture("forbid-running.yaml"), "--now", "tomorrow");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            "--now: \"tomorrow\" is not an RFC 3339 instant such as 2026-11-27T10:00:05Z");
  }

  @Test
  void unknownOutputFormatIsStatus2() {
    assertThat(run("-f", fixture("forbid-running.yaml"), "-o", "yaml").status()).isEqualTo(2);
  }
}
