package io.cronlog.scheduler.decide;

import static io.cronlog.scheduler.decide.Fixtures.at;
import static io.cronlog.scheduler.decide.Fixtures.job;
import static io.cronlog.scheduler.decide.Fixtures.markActive;
import static io.cronlog.scheduler.decide.Fixtures.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManualRunTest {

  private final Decider decider = new Decider();

  private static ScheduledJob triggered(String schedule, String trigger) {
    ScheduledJob sj = scheduledJob(schedule, "2026-11-27T09:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:00:00Z");
    sj.getMetadata().setAnnotations(Map.of(Runs.TRIGGER_ANNOTATION, trigger));
    return sj;
  }

  private Decision decide(
      ScheduledJob sj, List<JobSummary> jobs, Set<Instant> pending, String now) {
    return decider.decide(new Situation(sj, jobs, null, pending, at(now)));
  }

  private static List<CreateJob> manualRuns(Decision decision) {
    return decision.commands().stream()
        .filter(CreateJob.class::isInstance)
        .map(CreateJob.class::cast)
        .filter(CreateJob::manual)
        .toList();
  }

  @Test
  void newTriggerValueStartsOneManualRunRequestedNow() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");

    Decision decision = decide(sj, List.of(), Set.of(), "2026-11-27T10:20:17.300Z");

    assertThat(manualRuns(decision))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.manualTrigger()).isEqualTo("run-1");
              assertThat(run.scheduledTime()).isEqualTo(at("2026-11-27T10:20:17Z"));
            });
    assertThat(decision.nextWake()).contains(at("2026-11-27T11:00:00Z"));
  }

  @Test
  void triggerValueAlreadyActedUponStartsNothing() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");
    sj.getStatus().setLastTrigger("run-1");

    assertThat(decide(sj, List.of(), Set.of(), "2026-11-27T10:20:00Z").commands())
        .noneMatch(CreateJob.class::isInstance);
  }

  @Test
  void decidingTheSameTriggerAtAnotherInstantIsTheSameCommand() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");

    CreateJob first = manualRuns(decide(sj, List.of(), Set.of(), "2026-11-27T10:20:00Z")).get(0);
    CreateJob later = manualRuns(decide(sj, List.of(), Set.of(), "2026-11-27T10:23:00Z")).get(0);

    assertThat(later.id()).isEqualTo(first.id());
  }

  @Test
  void manualRunStartsEvenWhenSuspendedAsKubectlCreateJobFromDoes() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");
    sj.getSpec().setSuspend(true);

    assertThat(manualRuns(decide(sj, List.of(), Set.of(), "2026-11-27T10:20:00Z"))).hasSize(1);
  }

  @Test
  void forbidMakesTheManualRunWaitWhileARunIsActiveAndStartItOnceItEnds() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    JobSummary running = job("2026-11-27T10:00:00Z", JobPhase.ACTIVE);
    markActive(sj, running);

    Decision waiting = decide(sj, List.of(running), Set.of(), "2026-11-27T10:20:00Z");
    JobSummary finished = job("2026-11-27T10:00:00Z", JobPhase.SUCCEEDED);
    Decision afterwards = decide(sj, List.of(finished), Set.of(), "2026-11-27T10:31:00Z");

    assertThat(manualRuns(waiting)).isEmpty();
    assertThat(waiting.commands())
        .filteredOn(RecordEvent.class::isInstance)
        .map(c -> ((RecordEvent) c).reason())
        .containsExactly("ManualRunWaiting");
    assertThat(manualRuns(afterwards))
        .singleElement()
        .satisfies(run -> assertThat(run.scheduledTime()).isEqualTo(at("2026-11-27T10:31:00Z")));
  }

  @Test
  void replaceDeletesTheActiveRunThenStartsTheManualRun() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Replace);
    JobSummary running = job("2026-11-27T10:00:00Z", JobPhase.ACTIVE);
    markActive(sj, running);

    Decision decision = decide(sj, List.of(running), Set.of(), "2026-11-27T10:20:00Z");

    assertThat(decision.commands())
        .filteredOn(c -> c instanceof DeleteJob || c instanceof CreateJob)
        .extracting(c -> c.getClass().getSimpleName())
        .containsExactly("DeleteJob", "CreateJob");
  }

  @Test
  void waitingManualRunGoesBeforeTheScheduledTimeDueWithItUnderForbid() {
    // Every minute, runs longer than a minute: when the 10:00 run ends the 10:01 time is due
    // too. The manual run, asked for first, starts; 10:01 waits (and may run when it ends).
    ScheduledJob sj = triggered("* * * * *", "run-1");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    JobSummary finished = job("2026-11-27T10:00:00Z", JobPhase.SUCCEEDED);
    markActive(sj, finished);

    Decision decision = decide(sj, List.of(finished), Set.of(), "2026-11-27T10:01:30Z");

    assertThat(decision.commands())
        .filteredOn(CreateJob.class::isInstance)
        .map(c -> ((CreateJob) c).manual())
        .containsExactly(true);
    assertThat(decision.commands())
        .filteredOn(RecordEvent.class::isInstance)
        .map(c -> ((RecordEvent) c).reason())
        .containsExactly("SawCompletedJob", "JobAlreadyActive");
  }

  @Test
  void manualRunAndAScheduledRunDueTogetherBothStartUnderAllow() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");

    Decision decision = decide(sj, List.of(), Set.of(), "2026-11-27T11:00:00.100Z");

    assertThat(decision.commands())
        .filteredOn(CreateJob.class::isInstance)
        .map(c -> ((CreateJob) c).manual())
        .containsExactlyInAnyOrder(true, false);
  }

  @Test
  void pendingManualRunNeitherSkipsNorShiftsAnEverySchedule() {
    // @every 7m from 10:00: 10:07 is next. A manual run requested at 10:05 is pending.
    ScheduledJob sj = triggered("@every 7m", "run-1");
    Set<Instant> pending = Set.of(at("2026-11-27T10:05:00Z"));

    Decision decision = decide(sj, List.of(), pending, "2026-11-27T10:07:00Z");

    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T10:07:00Z"));
  }

  @Test
  void finishedManualRunStillPendingHereDoesNotHoldBackTheNextScheduledRunUnderForbid() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    sj.getStatus().setLastTrigger("run-1");
    Instant requested = at("2026-11-27T10:58:00Z");
    JobSummary manualDone =
        new JobSummary(
            Runs.manualJobName(Fixtures.NAME, requested, "run-1"),
            "uid-m",
            "1",
            requested,
            requested,
            requested,
            requested.plusSeconds(20),
            JobPhase.SUCCEEDED);

    Decision decision =
        decide(sj, List.of(manualDone), Set.of(requested), "2026-11-27T11:00:00.100Z");

    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T11:00:00Z"));
  }

  @Test
  void manualJobSeenBeforeTheStatusIsNotStartedAgain() {
    ScheduledJob sj = triggered("0 * * * *", "run-1");
    Instant requested = at("2026-11-27T10:20:00Z");
    JobSummary created =
        new JobSummary(
            Runs.manualJobName(Fixtures.NAME, requested, "run-1"),
            "uid-m",
            "1",
            requested.plusMillis(300),
            requested,
            null,
            null,
            JobPhase.ACTIVE);

    Decision soon = decide(sj, List.of(created), Set.of(), "2026-11-27T10:20:10Z");
    Decision late = decide(sj, List.of(created), Set.of(), "2026-11-27T10:25:00Z");

    assertThat(manualRuns(soon)).isEmpty();
    assertThat(manualRuns(late))
        .singleElement()
        .satisfies(run -> assertThat(run.scheduledTime()).isEqualTo(requested));
  }

  @Test
  void activeManualJobMissingFromTheStateIsReadAsItsMinute() {
    Instant requested = at("2026-11-27T10:20:00Z");

    assertThat(Decider.nominalMinute(Runs.manualJobName(Fixtures.NAME, requested, "1234567")))
        .isEqualTo(requested);
  }
}
