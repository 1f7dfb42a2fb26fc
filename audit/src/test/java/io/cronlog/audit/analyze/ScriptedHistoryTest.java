package io.cronlog.audit.analyze;

import static io.cronlog.audit.sim.ScriptedHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.sim.Script;
import io.cronlog.audit.sim.ScriptedHistory;
import io.cronlog.audit.timeline.Timeline;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.records.ScheduledJobKey;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scripted history's timeline and findings, read from the records as an auditor reads them. */
class ScriptedHistoryTest {

  private static Map<ScheduledJobKey, KeyHistory> histories;
  private static final Judgement JUDGEMENT =
      Judgement.of(null, ScriptedHistory.END, ScriptedHistory.END, Duration.ofSeconds(10));

  @BeforeAll
  static void writeTheHistory() {
    histories = Script.histories(ScriptedHistory.write(Script.topics()).trail());
  }

  @Test
  void verifyFindsExactlyTheLateCatchUpAndTheJobMadeByHand() {
    List<String> findings =
        histories.values().stream()
            .flatMap(history -> new Verifier(JUDGEMENT).verify(history).findings().stream())
            .map(f -> f.kind().text() + " " + f.key() + " " + f.time())
            .toList();

    assertThat(findings)
        .containsExactlyInAnyOrder(
            "late team-a/downtime 2026-11-27T11:00:00Z",
            "unexplained team-a/handmade 2026-11-27T10:22:00Z");
  }

  @Test
  void scheduleEditRunsNoTimeOfTheNewScheduleBeforeTheEditAndATimeZoneEditMovesTheRun() {
    assertThat(lines("edits"))
        .containsSubsequence(
            "run 2026-11-27T10:10:00Z: Job edits-29929570 created, +0.0s (scheduled)",
            "spec: schedule '*/10 * * * *' → '11 * * * *'",
            "spec: timeZone (UTC) → Asia/Kolkata",
            "run 2026-11-27T10:41:00Z: Job edits-29929601 created, +0.0s (scheduled)")
        .noneMatch(line -> line.startsWith("run 2026-11-27T10:11:00Z"));
  }

  @Test
  void suspendAndResumeRunOnlyTheCatchUpOfTheLastTimeDueWhileSuspended() {
    assertThat(lines("pause"))
        .containsSubsequence(
            "run 2026-11-27T10:05:00Z: Job pause-29929565 created, +0.0s (scheduled)",
            "spec: suspend false → true",
            "run 2026-11-27T10:20:00Z: Job pause-29929580 created, +3m01s (catch-up) [a time due while suspended, "
                + "run on resume]",
            "spec: suspend true → false",
            "run 2026-11-27T10:25:00Z: Job pause-29929585 created, +0.0s (scheduled)")
        .noneMatch(
            line ->
                line.startsWith("run 2026-11-27T10:10:00Z")
                    || line.startsWith("run 2026-11-27T10:15:00Z"));
  }

  @Test
  void forbidSkipsATimeThatThenMissesItsDeadline() {
    assertThat(lines("forbid"))
        .containsSubsequence(
            "run 2026-11-27T10:05:00Z: Job forbid-29929565 created, +0.0s (scheduled)",
            "run 2026-11-27T10:10:00Z: missed past its deadline: skipped by Forbid while a run was active, then past its "
                + "deadline",
            "Job forbid-29929565 succeeded",
            "run 2026-11-27T10:15:00Z: Job forbid-29929575 created, +0.0s (scheduled)");
  }

  @Test
  void downtimeSupersedesItsTimesWithOneCatchUp() {
    assertThat(lines("downtime"))
        .containsSubsequence(
            "run 2026-11-27T10:50:00Z: Job downtime-29929610 created, +0.0s (scheduled)",
            "run 2026-11-27T10:55:00Z: superseded: nothing was decided for it; the first decision after it, at "
                + "2026-11-27T11:03:01Z, started the run for 2026-11-27T11:00:00Z",
            "run 2026-11-27T11:00:00Z: Job downtime-29929620 created, +3m01s (catch-up)",
            "run 2026-11-27T11:05:00Z: Job downtime-29929625 created, +0.0s (scheduled)");
  }

  @Test
  void manualRunsAreTheirOwnLines() {
    assertThat(lines("manual"))
        .containsSubsequence(
            "manual run 'first': Job manual-29929568-ma7937b6 created, +0.0s",
            "manual run 'second': Job manual-29929590-m16367aa created, +0.0s");
  }

  @Test
  void aRedeliveredCommandIsOneRunCarriedOutTwice() {
    assertThat(lines("redelivered"))
        .contains(
            "run 2026-11-27T10:15:00Z: Job redelivered-29929575 created, +0.0s (scheduled): carried out 2 times: "
                + "created, adopted");
  }

  @Test
  void jobsDeletedAndMadeByHandAreToldApartFromCronlogsOwn() {
    assertThat(lines("handmade"))
        .containsSubsequence(
            "run 2026-11-27T10:15:00Z: Job handmade-29929575 created, +0.0s (scheduled)",
            "Job handmade-29929575 deleted (not by cronlog)",
            "Normal MissingJob: Active job went missing: handmade-29929575",
            "Warning UnexpectedJob: Saw a job that the controller did not create or forgot: handmade-fix-by-hand")
        .contains("Job handmade-29929565 deleted (successfulJobsHistoryLimit)");
  }

  @Test
  void aScheduledJobDeletedAndCreatedAgainHasBothLivesInItsTimeline() {
    List<TimelineEntry> entries =
        Timeline.of(histories.get(new ScheduledJobKey("team-a", "recreated")), JUDGEMENT);

    assertThat(entries.stream().map(TimelineEntry::text).toList())
        .containsSubsequence(
            "created (uid uid-recreated-8): schedule '0-50/5 10 * * *' (UTC), Allow, history 3/1, template eddf5aa3e893",
            "run 2026-11-27T10:20:00Z: Job recreated-29929580 created, +0.0s (scheduled)",
            "deleted (uid uid-recreated-8)",
            "created (uid uid-recreated-9): schedule '5-45/10 10 * * *' (UTC), Allow, history 3/1, template eddf5aa3e893",
            "run 2026-11-27T10:35:00Z: Job recreated-29929595 created, +0.0s (scheduled)",
            "run 2026-11-27T10:45:00Z: Job recreated-29929605 created, +0.0s (scheduled)");
    assertThat(entries)
        .extracting(TimelineEntry::uid)
        .containsOnly("uid-recreated-8", "uid-recreated-9");
  }

  @Test
  void everyEntryIsInTimeOrderAndNamesItsRecords() {
    for (KeyHistory history : histories.values()) {
      List<TimelineEntry> entries = Timeline.of(history, JUDGEMENT);
      assertThat(entries)
          .isSortedAccordingTo(Comparator.comparing(TimelineEntry::time))
          .allSatisfy(entry -> assertThat(entry.records()).isNotEmpty());
    }
  }

  @Test
  void aSpanShowsOnlyItsOwnFactsAndJudgesOnlyItsOwnRuns() {
    Judgement span =
        Judgement.of(at("10:52:00"), at("11:05:00"), ScriptedHistory.END, Duration.ofSeconds(10));
    KeyHistory downtime = histories.get(new ScheduledJobKey("team-a", "downtime"));

    assertThat(Timeline.of(downtime, span))
        .extracting(TimelineEntry::time)
        .allSatisfy(t -> assertThat(t).isAfter(at("10:52:00")).isBeforeOrEqualTo(at("11:05:00")));
    Verifier.KeyVerification result = new Verifier(span).verify(downtime);
    assertThat(result.runsJudged()).isEqualTo(3);
    assertThat(result.findings())
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(Finding.Kind.LATE));
  }

  private static List<String> lines(String name) {
    return Timeline.of(histories.get(new ScheduledJobKey("team-a", name)), JUDGEMENT).stream()
        .map(TimelineEntry::text)
        .toList();
  }
}
