package io.cronlog.cli.audit;

import static io.cronlog.audit.sim.ScriptedHistory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.audit.sim.Script;
import io.cronlog.audit.sim.ScriptedHistory;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.audit.sim.TrailWriter;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cronlog audit} as a user runs it, on the scripted history written to a real broker: what
 * it prints and its exit status. In-process through picocli with cronlog's own error handling; the
 * clock stands at the history's end, and the environment and working directory are the test's.
 */
@ExtendWith(KafkaExtension.class)
class AuditCommandIT {

  /** A timeline line: its time in UTC (and maybe a zone's wall clock), then the fact. */
  private static final Pattern ENTRY =
      Pattern.compile("^  (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ)(?: \\([^)]*\\))?  (.+)$");

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /**
   * The runs of team-a/downtime from 10:52 to 11:05: one superseded in the scheduler's downtime,
   * one late.
   */
  private static final List<String> DOWNTIME_RUNS_1052_TO_1105 =
      List.of(
          "run 2026-11-27T10:55:00Z: superseded: nothing was decided for it; the first decision after it, at "
              + "2026-11-27T11:03:01Z, started the run for 2026-11-27T11:00:00Z",
          "run 2026-11-27T11:00:00Z: Job downtime-29929620 created, +3m01s (catch-up)",
          "run 2026-11-27T11:05:00Z: Job downtime-29929625 created, +0.0s (scheduled)");

  /** What verify must find in the scripted history, as it prints each finding's line. */
  private static final String LATE =
      "late  team-a/downtime  the run at 2026-11-27T11:00:00Z started 3m01s after its time (allowed 10s)";

  private static final String UNEXPLAINED =
      "unexplained  team-a/handmade  Job "
          + ScriptedHistory.HAND_MADE_JOB
          + " is controlled by the ScheduledJob, but no command asked for it";

  /** Every scheduled and manual run of the scripted history (see AuditIT). */
  private static final int SCRIPTED_RUNS = 62;

  /** Where the scripted history is: written once, read by every test (no test writes to it). */
  private static String bootstrapServers;

  private static String scriptedPrefix;

  @TempDir Path workingDirectory;

  @BeforeAll
  static void writeTheScriptedHistory(KafkaFixture kafka) throws Exception {
    bootstrapServers = kafka.bootstrapServers();
    scriptedPrefix = kafka.topicPrefix();
    Topics topics = new Topics(scriptedPrefix);
    write(kafka, topics, ScriptedHistory.write(topics));
  }

  @Test
  void verifyPrintsTheLateRunAndTheUnexplainedJobEachWithItsRecordsThenTheCountsAndExitsWith1() {
    AuditCli.Run run = scripted("audit", "verify");

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    Verification verification = Verification.of(run.outLines());
    assertThat(verification.findings().keySet()).containsExactlyInAnyOrder(LATE, UNEXPLAINED);
    verification
        .findings()
        .values()
        .forEach(
            refs ->
                assertThat(refs)
                    .isNotEmpty()
                    .allSatisfy(ref -> assertThat(ref).matches("    " + recordRef())));
    assertThat(types(verification.findings().get(LATE)))
        .contains("CreateJob", "CommandOutcome", "JobObserved");
    assertThat(types(verification.findings().get(UNEXPLAINED))).containsOnly("JobObserved");
    assertThat(verification.summary()).hasSize(2);
    assertThat(verification.summary().get(0))
        .isEqualTo(
            "2 findings: missed 0, duplicate 0, late 1, unexplained 1, refused 0, failed 0, unreadable 0");
    assertThat(verification.summary().get(1))
        .startsWith("judged ")
        .contains(" of 8 ScheduledJobs")
        .doesNotContain("replayed");
  }

  @Test
  void verifyWithDecisionsReplaysEveryRecordedDecisionAndAddsNoFinding() {
    AuditCli.Run run = scripted("audit", "verify", "--decisions");

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    Verification verification = Verification.of(run.outLines());
    assertThat(verification.findings().keySet()).containsExactlyInAnyOrder(LATE, UNEXPLAINED);
    assertThat(verification.summary()).hasSize(2);
    assertThat(verification.summary().get(0))
        .isEqualTo(
            "2 findings: missed 0, duplicate 0, late 1, unexplained 1, "
                + "refused 0, failed 0, unreadable 0, not-decided 0, decided-differently 0, inputs-differ 0");
    Matcher replayed =
        Pattern.compile("; replayed (\\d+) decisions$").matcher(verification.summary().get(1));
    assertThat(replayed.find()).as(verification.summary().get(1)).isTrue();
    assertThat(Integer.parseInt(replayed.group(1))).isGreaterThan(100);
  }

  @Test
  void verifyOfAHistoryThatKeptEveryPromiseExitsWith0AndSaysClean(KafkaFixture kafka)
      throws Exception {
    Instant start = Instant.parse("2026-11-27T12:00:30Z");
    Instant end = start.plus(Duration.ofMinutes(30));
    Topics topics = new Topics(freshPrefix(kafka, "clean"));
    SimulatedCronlog cronlog = new SimulatedCronlog(topics, start);
    cronlog.create("team-b", "tidy", spec -> spec.setSchedule("*/5 * * * *"));
    new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20)).runUntil(end);
    write(kafka, topics, cronlog);

    AuditCli.Run run =
        new AuditCli(end, Map.of(), workingDirectory)
            .run(
                "audit",
                "verify",
                "--decisions",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                topics.prefix());

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines()).hasSize(2);
    assertThat(run.outLines().get(0))
        .startsWith("clean: ")
        .contains("missed 0", "late 0", "not-decided 0");
    // 12:05 to 12:30: the run at 12:30 has its Job already, so it is judged too.
    assertThat(run.outLines().get(1))
        .startsWith("judged 6 due runs of 1 ScheduledJob")
        .contains("replayed");
  }

  @Test
  void aTimelineOfOneScheduledJobInASpanHoldsOnlyItsFactsThenAndTheRunsAt1055_1100And1105() {
    AuditCli.Run run =
        scripted(
            "audit",
            "team-a/downtime",
            "--since",
            "2026-11-27T10:52:00Z",
            "--until",
            "2026-11-27T11:05:00Z");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(headings(run.outLines())).containsExactly("team-a/downtime");
    assertThat(entryTimes(run.outLines()))
        .isNotEmpty()
        .allSatisfy(time -> assertThat(time).isBetween(at("10:52:00"), at("11:05:00")));
    assertThat(runLines(run.outLines())).containsExactlyElementsOf(DOWNTIME_RUNS_1052_TO_1105);
  }

  @Test
  void aSinceGivenAsADurationCountsBackFromNow() {
    // The clock stands at 11:10:30: 20m back is 10:50:30, and no fact of downtime lies between that
    // and 10:52.
    AuditCli.Run byDuration =
        scripted("audit", "team-a/downtime", "--since", "20m", "--until", "2026-11-27T11:05:00Z");
    AuditCli.Run byTime =
        scripted(
            "audit",
            "team-a/downtime",
            "--since",
            "2026-11-27T10:50:30Z",
            "--until",
            "2026-11-27T11:05:00Z");

    assertThat(byDuration.status()).as(byDuration.toString()).isZero();
    assertThat(runLines(byDuration.outLines()))
        .containsExactlyElementsOf(DOWNTIME_RUNS_1052_TO_1105);
    assertThat(byDuration.out()).isEqualTo(byTime.out());
  }

  @Test
  void jsonIsOneObjectPerLineTimelinesWithTheirRecordsAndVerifyEndingWithItsCounts() {
    AuditCli.Run timeline =
        scripted(
            "audit",
            "team-a/downtime",
            "--since",
            "2026-11-27T10:52:00Z",
            "--until",
            "2026-11-27T11:05:00Z",
            "-o",
            "json");
    AuditCli.Run verify = scripted("audit", "verify", "-o", "json");

    assertThat(timeline.status()).as(timeline.toString()).isZero();
    List<JsonNode> entries = objects(timeline);
    assertThat(entries)
        .isNotEmpty()
        .allSatisfy(
            entry -> {
              assertThat(entry.get("scheduledJob").asString()).isEqualTo("team-a/downtime");
              assertThat(Instant.parse(entry.get("time").asString()))
                  .isBetween(at("10:52:00"), at("11:05:00"));
              assertThat(entry.get("kind").asString()).isNotBlank();
              assertThat(entry.get("text").asString()).isNotBlank();
              assertThat(entry.get("records").isArray()).isTrue();
              assertThat(entry.get("records").values())
                  .isNotEmpty()
                  .allSatisfy(ref -> assertThat(ref.asString()).matches(recordRef()));
            });
    assertThat(entries)
        .filteredOn(entry -> entry.get("kind").asString().equals("run"))
        .extracting(entry -> entry.get("text").asString())
        .containsExactlyElementsOf(DOWNTIME_RUNS_1052_TO_1105);

    assertThat(verify.status()).as(verify.toString()).isEqualTo(1);
    List<JsonNode> lines = objects(verify);
    assertThat(lines.subList(0, lines.size() - 1))
        .extracting(line -> line.get("finding").asString())
        .containsExactlyInAnyOrder("late", "unexplained");
    JsonNode summary = lines.get(lines.size() - 1);
    assertThat(summary.get("findings").asInt()).isEqualTo(2);
    assertThat(summary.get("scheduledJobs").asInt()).isEqualTo(8);
    assertThat(summary.get("runsJudged").asInt()).isPositive();
    assertThat(summary.get("summary").get("late").asInt()).isEqualTo(1);
    assertThat(summary.get("summary").get("unexplained").asInt()).isEqualTo(1);
    assertThat(summary.get("summary").get("missed").asInt()).isZero();
  }

  @Test
  void htmlIsOneSelfContainedPageWithAMarkForEveryRun() {
    AuditCli.Run html = scripted("audit", "-o", "html");
    AuditCli.Run json = scripted("audit", "-o", "json");

    assertThat(html.status()).as(html.err()).isZero();
    assertThat(html.err()).isEmpty();
    String page = html.out();
    assertThat(page).startsWith("<!DOCTYPE html>");
    assertThat(page.strip()).endsWith("</html>");
    assertThat(count(page, Pattern.compile("<!DOCTYPE"))).isEqualTo(1);
    assertThat(page).doesNotContain("http://", "https://", "<script", "<link", "<img");
    assertThat(matches(page, Pattern.compile("(?:href|src)=\"([^\"]*)\"")))
        .allSatisfy(target -> assertThat(target).startsWith("#"));
    long runs =
        objects(json).stream()
            .map(line -> line.get("kind").asString())
            .filter(kind -> kind.equals("run") || kind.equals("manual-run"))
            .count();
    assertThat(runs).isEqualTo(SCRIPTED_RUNS);
    assertThat(count(page, Pattern.compile("data-fate=\"[a-z-]+\""))).isEqualTo(runs);
  }

  @Test
  void atAnInstantShowsTheScheduledJobSuspendedWithItsLastScheduleTimeThen() {
    AuditCli.Run run = scripted("audit", "--at", "2026-11-27T10:10:00Z", "team-a/pause");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines().get(0))
        .startsWith("team-a/pause at 2026-11-27 10:10:00Z, as cronlog knew it since ");
    assertThat(run.outLines())
        .anySatisfy(line -> assertThat(line).startsWith("  spec: ").contains("suspend true"));
    assertThat(run.outLines())
        .anySatisfy(
            line ->
                assertThat(line).startsWith("  status: lastScheduleTime 2026-11-27T10:05:00Z,"));
  }

  @Test
  void atAnInstantWhenTheScheduledJobWasDeletedSaysWhenItWasDeleted() {
    AuditCli.Run run = scripted("audit", "--at", "2026-11-27T10:24:00Z", "team-a/recreated");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines())
        .singleElement()
        .asString()
        .startsWith(
            "team-a/recreated at 2026-11-27 10:24:00Z: deleted at 2026-11-27 10:22:30Z ("
                + scriptedPrefix
                + "events-");
  }

  @Test
  void aScheduledJobWithNoRecordIsSaidToHaveNone() {
    AuditCli.Run run = scripted("audit", "team-b/nothing");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines())
        .containsExactly("team-b/nothing", "  (no record of it in the trail)");
  }

  @Test
  void aScheduledJobWithNoRecordIsALineOfItsOwnInJson() throws Exception {
    AuditCli.Run run = scripted("audit", "team-b/nothing", "-o", "json");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(objects(run))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("scheduledJob").asString()).isEqualTo("team-b/nothing");
              assertThat(line.get("kind").asString()).isEqualTo("no-record");
            });
  }

  @Test
  void verifyOfANameWithNoRecordDoesNotPassForCleanItSaysSoAndExitsWith2() {
    AuditCli.Run run = scripted("audit", "verify", "team-a/downtime", "team-b/nothing");

    assertThat(run.status()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "cronlog audit verify: team-b/nothing: no record of it in the trail, "
                + "so nothing of it was verified");
    assertThat(Verification.of(run.outLines()).findings().keySet()).containsExactly(LATE);
  }

  @Test
  void aSpanIncludesItsFirstInstant() {
    AuditCli.Run run =
        scripted(
            "audit",
            "team-a/downtime",
            "--since",
            "2026-11-27T10:55:00Z",
            "--until",
            "2026-11-27T11:05:00Z");

    assertThat(runLines(run.outLines())).containsExactlyElementsOf(DOWNTIME_RUNS_1052_TO_1105);
  }

  @Test
  void withNoFlagTheBrokerOfCronlogDevInTheWorkingDirectoryAndTheEnvironmentsPrefixAreRead()
      throws IOException {
    Path dev = Files.createDirectories(workingDirectory.resolve(".cronlog/dev"));
    Files.writeString(
        dev.resolve("kafka.properties"), "bootstrap.servers=" + bootstrapServers + "\n");

    AuditCli.Run run =
        new AuditCli(
                ScriptedHistory.END,
                Map.of(KafkaSettings.TOPIC_PREFIX, scriptedPrefix),
                workingDirectory)
            .run("audit", "verify");

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(Verification.of(run.outLines()).summary().get(0)).startsWith("2 findings: ");
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(List.of("audit", "hello"), "cronlog audit: 'hello' is not NAMESPACE/NAME"),
        Arguments.of(
            List.of("audit", "verify", "team-a/downtime", "hello"),
            "cronlog audit verify: 'hello' is not NAMESPACE/NAME"),
        Arguments.of(
            List.of("audit", "--since", "yesterday"),
            "cronlog audit: --since: 'yesterday' is neither"),
        Arguments.of(
            List.of("audit", "verify", "--until", "yesterday"),
            "cronlog audit verify: --until: 'yesterday' is neither"),
        Arguments.of(
            List.of("audit", "--since", "2026-11-27T11:00:00Z", "--until", "2026-11-27T10:00:00Z"),
            "cronlog audit: --since is after --until"),
        Arguments.of(
            List.of("audit", "-o", "yaml"), "cronlog audit: -o: 'yaml' is not text, json or html"),
        Arguments.of(
            List.of("audit", "--at", "2026-11-27T10:10:00Z", "team-a/pause", "team-a/edits"),
            "cronlog audit: --at takes exactly one NAMESPACE/NAME"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void aBadArgumentIsOneLineOnStandardErrorAndExitStatus2(List<String> args, String message) {
    AuditCli.Run run = scripted(args.toArray(String[]::new));

    assertThatItFailedInOneLine(run, message);
    assertThat(run.err()).contains("--help");
  }

  @Test
  void anUnreachableBrokerIsOneLineAndExitStatus2WithinSeconds() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + closedPort;

    long started = System.nanoTime();
    AuditCli.Run run =
        new AuditCli(ScriptedHistory.END, Map.of(), workingDirectory)
            .run(
                "audit",
                "verify",
                "--bootstrap-servers",
                address,
                "--topic-prefix",
                scriptedPrefix);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThatItFailedInOneLine(run, "cronlog audit verify: Kafka at " + address);
    assertThat(run.err()).contains("does not answer");
    assertThat(took).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aTopicPrefixWithNoTopicsIsOneLineAndExitStatus2(KafkaFixture kafka) {
    String prefix = freshPrefix(kafka, "none");

    AuditCli.Run run =
        new AuditCli(ScriptedHistory.END, Map.of(), workingDirectory)
            .run(
                "audit", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", prefix);

    assertThatItFailedInOneLine(run, "cronlog audit: topic " + prefix);
    assertThat(run.err()).contains("does not exist");
  }

  @Test
  void noKafkaConfiguredAnywhereIsOneLineAndExitStatus2() {
    AuditCli.Run run =
        new AuditCli(ScriptedHistory.END, Map.of(), workingDirectory).run("audit", "verify");

    assertThatItFailedInOneLine(run, "cronlog audit verify: nowhere to read the trail from");
  }

  // --- helpers

  /** Runs the command line on the scripted history, at its end, with no environment. */
  private AuditCli.Run scripted(String... args) {
    String[] all =
        Stream.concat(
                Stream.of(args),
                Stream.of(
                    "--bootstrap-servers", bootstrapServers, "--topic-prefix", scriptedPrefix))
            .toArray(String[]::new);
    return new AuditCli(ScriptedHistory.END, Map.of(), workingDirectory).run(all);
  }

  private static void assertThatItFailedInOneLine(AuditCli.Run run, String start) {
    assertThat(run.status()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).singleElement().asString().startsWith(start);
  }

  /** A prefix of topics that no other test writes, whatever the fixture's prefix is shared with. */
  private static String freshPrefix(KafkaFixture kafka, String name) {
    return kafka.topicPrefix() + name + ".";
  }

  private static void write(KafkaFixture kafka, Topics topics, SimulatedCronlog cronlog)
      throws Exception {
    TrailWriter.createTopics(kafka.clientProperties(), topics, 3);
    TrailWriter.write(kafka.clientProperties(), topics, cronlog.trail());
    long outcomes =
        cronlog.trail().stream().filter(w -> w.topic().equals(topics.outcomes())).count();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kafka.readAllValues(topics.outcomes()).size() == outcomes);
  }

  /** A record reference as a finding lists it, under the scripted history's topics. */
  private static String recordRef() {
    return Pattern.quote(scriptedPrefix)
        + "(events|commands|outcomes|dead-letter)-\\d+@\\d+ [A-Za-z]+ [0-9a-f-]{36}";
  }

  private static List<String> types(List<String> refs) {
    return refs.stream().map(ref -> ref.trim().split(" ")[1]).toList();
  }

  /** The lines that head a timeline: not indented, not blank. */
  private static List<String> headings(List<String> lines) {
    return lines.stream().filter(line -> !line.isBlank() && !line.startsWith(" ")).toList();
  }

  /** The time of each timeline line, in order. */
  private static List<Instant> entryTimes(List<String> lines) {
    return lines.stream()
        .map(ENTRY::matcher)
        .filter(Matcher::matches)
        .map(m -> Instant.parse(m.group(1).replace(' ', 'T')))
        .toList();
  }

  /** The facts of the timeline lines that are runs. */
  private static List<String> runLines(List<String> lines) {
    return lines.stream()
        .map(ENTRY::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(2))
        .filter(fact -> fact.startsWith("run "))
        .toList();
  }

  /** Every line of the output, each parsed as one JSON object. */
  private static List<JsonNode> objects(AuditCli.Run run) {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : run.outLines()) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
      objects.add(node);
    }
    assertThat(objects).isNotEmpty();
    return objects;
  }

  private static long count(String text, Pattern pattern) {
    return pattern.matcher(text).results().count();
  }

  private static List<String> matches(String text, Pattern pattern) {
    return pattern.matcher(text).results().map(m -> m.group(1)).toList();
  }

  /**
   * What {@code audit verify} printed in text: each finding's line with the record lines under it,
   * then the summary lines. Any other line fails the test.
   */
  private record Verification(Map<String, List<String>> findings, List<String> summary) {

    static Verification of(List<String> lines) {
      Map<String, List<String>> findings = new LinkedHashMap<>();
      List<String> summary = new ArrayList<>();
      String finding = null;
      for (String line : lines) {
        if (!summary.isEmpty() || line.matches("^(clean|\\d+ findings?): .*")) {
          summary.add(line);
        } else if (line.startsWith("    ")) {
          assertThat(finding).as("a record line under a finding: %s", line).isNotNull();
          findings.get(finding).add(line);
        } else {
          assertThat(line).as("a finding: kind, key, message").matches("^[a-z-]+  \\S+/\\S+  .+");
          finding = line;
          assertThat(findings.put(line, new ArrayList<>())).as("printed once: %s", line).isNull();
        }
      }
      assertThat(summary).as("the summary ends the output").isNotEmpty();
      return new Verification(findings, summary);
    }
  }
}
