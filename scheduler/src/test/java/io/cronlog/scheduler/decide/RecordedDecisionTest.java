package io.cronlog.scheduler.decide;

import static io.cronlog.scheduler.decide.Fixtures.at;
import static io.cronlog.scheduler.decide.Fixtures.job;
import static io.cronlog.scheduler.decide.Fixtures.markActive;
import static io.cronlog.scheduler.decide.Fixtures.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DecisionBasis;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RunReason;
import io.cronlog.records.UpdateStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * What a decision writes down for its audit: why each run starts, what it is about, what it read.
 */
class RecordedDecisionTest {

  private final Decider decider = new Decider();

  @Test
  void runOnItsTimeIsScheduledAndSupersedesNothing() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");

    CreateJob run = decide(sj, List.of(), "2026-11-27T10:10:00.050Z").run().orElseThrow();

    assertThat(run.reason()).isEqualTo(RunReason.SCHEDULED);
    assertThat(run.supersedesAfter()).isEqualTo(at("2026-11-27T10:05:00Z"));
  }

  @Test
  void runAfterDowntimeIsACatchUpThatSupersedesTheTimesSinceTheLastRun() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");

    CreateJob run = decide(sj, List.of(), "2026-11-27T10:31:00Z").run().orElseThrow();

    assertThat(run.scheduledTime()).isEqualTo(at("2026-11-27T10:30:00Z"));
    assertThat(run.reason()).isEqualTo(RunReason.CATCH_UP);
    assertThat(run.supersedesAfter()).isEqualTo(at("2026-11-27T10:05:00Z"));
  }

  @Test
  void runLateButAloneInItsWindowIsStillScheduled() {
    ScheduledJob sj = scheduledJob("0 * * * *", "2026-11-27T08:30:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T09:00:00Z");

    CreateJob run = decide(sj, List.of(), "2026-11-27T10:20:00Z").run().orElseThrow();

    assertThat(run.reason()).isEqualTo(RunReason.SCHEDULED);
  }

  @Test
  void runAfterAScheduleEditCountsOnlyTheTimesSinceTheEdit() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T09:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T09:00:00Z");

    CreateJob run =
        decider
            .decide(
                new Situation(
                    sj,
                    List.of(),
                    at("2026-11-27T10:06:00Z"),
                    Set.of(),
                    at("2026-11-27T10:10:01Z")))
            .run()
            .orElseThrow();

    assertThat(run.scheduledTime()).isEqualTo(at("2026-11-27T10:10:00Z"));
    assertThat(run.supersedesAfter()).isEqualTo(at("2026-11-27T10:06:00Z"));
    assertThat(run.reason()).isEqualTo(RunReason.SCHEDULED);
  }

  @Test
  void runAfterATimeReportedMissedSupersedesOnlyTheTimesAfterIt() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setStartingDeadlineSeconds(60L);
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    sj.getStatus().setLastMissedTime("2026-11-27T10:10:00Z");

    CreateJob run = decide(sj, List.of(), "2026-11-27T10:15:01Z").run().orElseThrow();

    assertThat(run.reason()).isEqualTo(RunReason.SCHEDULED);
    assertThat(run.supersedesAfter()).isEqualTo(at("2026-11-27T10:10:00Z"));
  }

  @Test
  void manualRunIsManualAndSupersedesNothing() {
    ScheduledJob sj = scheduledJob("0 0 1 1 *", "2026-11-27T09:00:00Z");
    sj.getMetadata().setAnnotations(Map.of(Runs.TRIGGER_ANNOTATION, "now-1"));

    CreateJob run = decide(sj, List.of(), "2026-11-27T10:10:01Z").run().orElseThrow();

    assertThat(run.reason()).isEqualTo(RunReason.MANUAL);
    assertThat(run.supersedesAfter()).isNull();
  }

  @Test
  void eventsAboutAScheduledTimeOrAJobNameIt() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    JobSummary finished = job("2026-11-27T10:00:00Z", JobPhase.SUCCEEDED);
    JobSummary running = job("2026-11-27T10:05:00Z", JobPhase.ACTIVE);
    markActive(sj, finished);
    markActive(sj, running);

    List<RecordEvent> events =
        events(decide(sj, List.of(finished, running), "2026-11-27T10:10:00Z"));

    assertThat(events)
        .extracting(RecordEvent::reason, RecordEvent::jobName, RecordEvent::scheduledTime)
        .containsExactly(
            Tuple.tuple("SawCompletedJob", finished.name(), null),
            Tuple.tuple("JobAlreadyActive", null, at("2026-11-27T10:10:00Z")));
  }

  @Test
  void timeMissedPastItsDeadlineIsAnEventAboutThatTime() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setStartingDeadlineSeconds(60L);
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");

    List<RecordEvent> events = events(decide(sj, List.of(), "2026-11-27T10:13:00Z"));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo("MissSchedule");
              assertThat(e.scheduledTime()).isEqualTo(at("2026-11-27T10:10:00Z"));
            });
  }

  @Test
  void everyCommandOfADecisionCarriesWhatItWasDecidedOn() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    Situation situation =
        new Situation(
            sj,
            List.of(),
            null,
            Set.of(at("2026-11-27T10:05:00Z")),
            at("2026-11-27T10:10:00.050Z"),
            "state-7");

    List<CommandRecord> commands = decider.decide(situation).commands();

    assertThat(commands)
        .hasSizeGreaterThan(1)
        .extracting(CommandRecord::decision)
        .containsOnly(
            new DecisionBasis(
                at("2026-11-27T10:10:00.050Z"),
                "state-7",
                List.of(at("2026-11-27T10:05:00Z")),
                DecisionInputs.digest(situation)));
  }

  @Test
  void decisionThatCommandsNothingCarriesNoBasis() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    sj.getStatus().setNextScheduleTime("2026-11-27T10:10:00Z");
    sj.getStatus()
        .setConditions(
            decide(sj, List.of(), "2026-11-27T10:06:00Z").commands().stream()
                .filter(UpdateStatus.class::isInstance)
                .map(UpdateStatus.class::cast)
                .findFirst()
                .orElseThrow()
                .conditions());
    sj.getStatus().setObservedGeneration(1L);

    assertThat(decide(sj, List.of(), "2026-11-27T10:07:00Z").commands()).isEmpty();
  }

  private Decision decide(ScheduledJob sj, List<JobSummary> jobs, String now) {
    return decider.decide(new Situation(sj, jobs, null, Set.of(), at(now)));
  }

  private static List<RecordEvent> events(Decision decision) {
    return decision.commands().stream()
        .filter(RecordEvent.class::isInstance)
        .map(RecordEvent.class::cast)
        .toList();
  }
}
