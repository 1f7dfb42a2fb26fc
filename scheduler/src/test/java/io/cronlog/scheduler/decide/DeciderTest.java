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
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.UpdateStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeciderTest {

  private final Decider decider = new Decider();

  @Test
  void startsTheRunOfTheScheduledMinuteAndWakesAtTheNext() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");

    Decision decision = decide(sj, List.of(), "2026-11-27T10:10:00.050Z");

    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T10:10:00Z"));
    assertThat(decision.nextWake()).contains(at("2026-11-27T10:15:00Z"));
  }

  @Test
  void waitsUntilTheFirstScheduledTimeAfterCreation() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:01:00Z");

    Decision decision = decide(sj, List.of(), "2026-11-27T10:03:00Z");

    assertThat(decision.run()).isEmpty();
    assertThat(decision.nextWake()).contains(at("2026-11-27T10:05:00Z"));
    assertThat(statusUpdate(decision).nextScheduleTime()).isEqualTo(at("2026-11-27T10:05:00Z"));
  }

  @Test
  void createsNoJobWhenForbidAndPreviousRunActive() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    JobSummary running = job("2026-11-27T10:05:00Z", JobPhase.ACTIVE);
    markActive(sj, running);

    Decision decision = decide(sj, List.of(running), "2026-11-27T10:10:00Z");

    assertThat(decision.run()).isEmpty();
    assertThat(events(decision)).containsExactly("Normal JobAlreadyActive");
  }

  @Test
  void forbiddenRunStartsOnceThePreviousRunEndsWithinItsDeadline() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    JobSummary finished = job("2026-11-27T10:05:00Z", JobPhase.SUCCEEDED);
    markActive(sj, finished);

    Decision decision = decide(sj, List.of(finished), "2026-11-27T10:12:00Z");

    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T10:10:00Z"));
    assertThat(statusUpdate(decision).removeActiveUids()).containsExactly(finished.uid());
    assertThat(events(decision)).containsExactly("Normal SawCompletedJob");
  }

  @Test
  void replaceDeletesTheActiveRunsBeforeStartingTheNew() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Replace);
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    JobSummary running = job("2026-11-27T10:05:00Z", JobPhase.ACTIVE);
    markActive(sj, running);

    Decision decision = decide(sj, List.of(running), "2026-11-27T10:10:00Z");

    assertThat(decision.commands())
        .filteredOn(c -> c instanceof DeleteJob || c instanceof CreateJob)
        .extracting(c -> c.getClass().getSimpleName())
        .containsExactly("DeleteJob", "CreateJob");
  }

  @Test
  void suspendedScheduleStartsNothingAndHasNoNextTime() {
    ScheduledJob sj = scheduledJob("* * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setSuspend(true);

    Decision decision = decide(sj, List.of(), "2026-11-27T10:10:00Z");

    assertThat(decision.run()).isEmpty();
    assertThat(decision.nextWake()).isEmpty();
  }

  @Test
  void unparseableScheduleWarnsAndSetsReadyFalse() {
    ScheduledJob sj = scheduledJob("61 * * * *", "2026-11-27T10:00:00Z");

    Decision decision = decide(sj, List.of(), "2026-11-27T10:10:00Z");

    assertThat(events(decision)).containsExactly("Warning UnparseableSchedule");
    assertThat(statusUpdate(decision).conditions())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getStatus() + " " + c.getReason())
                    .isEqualTo("False UnparseableSchedule"));
    assertThat(decision.run()).isEmpty();
  }

  @Test
  void aScheduledJobWithoutJobTemplateWarnsSetsReadyFalseAndStartsNoRun() {
    ScheduledJob sj = scheduledJob("* * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setJobTemplate(null);
    sj.getMetadata().setAnnotations(Map.of(Runs.TRIGGER_ANNOTATION, "now"));

    Decision decision = decide(sj, List.of(), "2026-11-27T10:10:00Z");

    assertThat(decision.run()).isEmpty();
    assertThat(decision.commands()).noneMatch(CreateJob.class::isInstance);
    assertThat(events(decision)).containsExactly("Warning InvalidSpec");
    assertThat(statusUpdate(decision).conditions())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
                    .isEqualTo("False InvalidSpec: spec.jobTemplate: Required value"));
    assertThat(decision.nextWake()).isEmpty();
  }

  @Test
  void aStatePublishedWithoutItsPodTemplateBecauseItWasTooLargeStillRuns() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    sj.getSpec()
        .getJobTemplate()
        .getSpec()
        .setTemplate(null); // as the watcher trims a state over the limit

    Decision decision = decide(sj, List.of(), "2026-11-27T10:10:00.050Z");

    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T10:10:00Z"));
    assertThat(events(decision)).isEmpty();
  }

  @Test
  void aNegativeStartingDeadlineIsInvalidNotAMissEveryMinute() {
    ScheduledJob sj = scheduledJob("* * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setStartingDeadlineSeconds(-5L);

    Decision decision = decide(sj, List.of(), "2026-11-27T10:10:00Z");

    assertThat(events(decision)).containsExactly("Warning InvalidSpec");
    assertThat(statusUpdate(decision).conditions())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getMessage())
                    .isEqualTo(
                        "spec.startingDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0"));
    assertThat(decision.run()).isEmpty();
  }

  @Test
  void aNegativeHistoryLimitDeletesNothingAndDoesNotFailTheDecision() {
    ScheduledJob sj = scheduledJob("0 * * * *", "2026-11-27T00:00:00Z");
    sj.getSpec().setSuccessfulJobsHistoryLimit(-1);
    List<JobSummary> jobs =
        List.of(
            job("2026-11-27T08:00:00Z", JobPhase.SUCCEEDED),
            job("2026-11-27T09:00:00Z", JobPhase.SUCCEEDED));

    Decision decision = decide(sj, jobs, "2026-11-27T10:20:00Z");

    assertThat(decision.commands()).noneMatch(DeleteJob.class::isInstance);
    assertThat(events(decision)).containsExactly("Warning InvalidSpec");
  }

  @Test
  void aNameTooLongForItsJobNamesIsInvalid() {
    ScheduledJob sj = scheduledJob("* * * * *", "2026-11-27T10:00:00Z");
    sj.getMetadata().setName("a".repeat(53));

    Decision decision = decide(sj, List.of(), "2026-11-27T10:10:00Z");

    assertThat(decision.run()).isEmpty();
    assertThat(statusUpdate(decision).conditions())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getMessage())
                    .startsWith("metadata.name: Invalid value: \"aaaa")
                    .endsWith("\": must be no more than 52 characters"));
  }

  @Test
  void unknownTimeZoneWarnsEvenWhenSuspended() {
    ScheduledJob sj = scheduledJob("* * * * *", "2026-11-27T10:00:00Z");
    sj.getSpec().setTimeZone("Mars/Olympus_Mons");
    sj.getSpec().setSuspend(true);

    assertThat(events(decide(sj, List.of(), "2026-11-27T10:10:00Z")))
        .containsExactly("Warning UnknownTimeZone");
  }

  @Test
  void succeededJobMovesLastSuccessfulTimeToItsCompletion() {
    ScheduledJob sj = scheduledJob("0 * * * *", "2026-11-27T09:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:00:00Z");
    JobSummary done = job("2026-11-27T10:00:00Z", JobPhase.SUCCEEDED);

    Decision decision = decide(sj, List.of(done), "2026-11-27T10:20:00Z");

    assertThat(statusUpdate(decision).lastSuccessfulTime()).isEqualTo(done.completionTime());
  }

  @Test
  void deletesTheOldestSucceededJobsBeyondTheHistoryLimit() {
    ScheduledJob sj = scheduledJob("0 * * * *", "2026-11-27T00:00:00Z");
    sj.getSpec().setSuccessfulJobsHistoryLimit(2);
    sj.getStatus().setLastScheduleTime("2026-11-27T10:00:00Z");
    List<JobSummary> jobs =
        List.of(
            job("2026-11-27T08:00:00Z", JobPhase.SUCCEEDED),
            job("2026-11-27T10:00:00Z", JobPhase.SUCCEEDED),
            job("2026-11-27T07:00:00Z", JobPhase.SUCCEEDED),
            job("2026-11-27T09:00:00Z", JobPhase.SUCCEEDED),
            job("2026-11-27T06:00:00Z", JobPhase.FAILED));

    Decision decision = decide(sj, jobs, "2026-11-27T10:20:00Z");

    assertThat(decision.commands())
        .filteredOn(DeleteJob.class::isInstance)
        .map(c -> ((DeleteJob) c).jobName())
        .containsExactly(jobs.get(2).name(), jobs.get(0).name());
  }

  @Test
  void timeMissedPastItsDeadlineIsReportedOnceAndRecorded() {
    ScheduledJob sj = scheduledJob("0 * * * *", "2026-11-27T08:30:00Z");
    sj.getSpec().setStartingDeadlineSeconds(60L);
    sj.getStatus().setLastScheduleTime("2026-11-27T09:00:00Z");

    Decision decision = decide(sj, List.of(), "2026-11-27T10:05:00Z");

    assertThat(decision.run()).isEmpty();
    assertThat(events(decision)).containsExactly("Warning MissSchedule");
    assertThat(statusUpdate(decision).lastMissedTime()).isEqualTo(at("2026-11-27T10:00:00Z"));

    sj.getStatus().setLastMissedTime("2026-11-27T10:00:00Z");
    assertThat(events(decide(sj, List.of(), "2026-11-27T10:06:00Z"))).isEmpty();
  }

  @Test
  void scheduleEditStartsNoRunForATimeBeforeTheEdit() {
    ScheduledJob sj = scheduledJob("0 10 * * *", "2026-11-20T00:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-26T10:00:00Z");
    Instant editedAt = at("2026-11-27T10:30:00Z");

    Decision decision =
        decider.decide(
            new Situation(sj, List.of(), editedAt, Set.of(), at("2026-11-27T10:31:00Z")));

    assertThat(decision.run()).isEmpty();
    assertThat(decision.nextWake()).contains(at("2026-11-28T10:00:00Z"));
  }

  @Test
  void findsTheMostRecentTimeOfAnIrregularScheduleExactly() {
    // Fridays 10:30, 11:30, 12:30. Down since Monday: the most recent is Friday 12:30.
    ScheduledJob sj = scheduledJob("30 10,11,12 * * 1-5", "2026-11-01T00:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-02T12:30:00Z");

    Decision decision = decide(sj, List.of(), "2026-11-27T13:00:00Z");

    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T12:30:00Z"));
  }

  @Test
  void moreThanAHundredMissedTimesWarnsAndStillRunsTheMostRecent() {
    ScheduledJob sj = scheduledJob("* * * * *", "2026-11-27T00:00:00Z");

    Decision decision = decide(sj, List.of(), "2026-11-27T10:00:30Z");

    assertThat(events(decision)).containsExactly("Warning TooManyMissedTimes");
    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T10:00:00Z"));
  }

  @Test
  void everyScheduleCountsItsTimesFromTheLastRunEvenAfterALongOutage() {
    // @every 7m from 10:00: 10:07, 10:14, ... The most recent by 23:59 is 10:00 + 119 * 7m = 23:53.
    ScheduledJob sj = scheduledJob("@every 7m", "2026-11-27T09:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:00:00Z");

    Decision decision = decide(sj, List.of(), "2026-11-27T23:59:00Z");

    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T23:53:00Z"));
    assertThat(decision.nextWake()).contains(at("2026-11-28T00:00:00Z"));
  }

  @Test
  void runAlreadyStartedButNotYetInStatusIsNotStartedAgain() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    Instant pending = at("2026-11-27T10:05:00Z");

    Decision decision =
        decider.decide(
            new Situation(sj, List.of(), null, Set.of(pending), at("2026-11-27T10:06:00Z")));

    assertThat(decision.run()).isEmpty();
  }

  @Test
  void activeJobNotYetObservedIsNotMissingWithinTheGrace() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    JobSummary created = job("2026-11-27T10:05:00Z", JobPhase.ACTIVE);
    markActive(sj, created);

    Decision early = decide(sj, List.of(), "2026-11-27T10:05:02Z");
    Decision late = decide(sj, List.of(), "2026-11-27T10:07:00Z");

    assertThat(events(early)).isEmpty();
    assertThat(early.nextWake()).contains(at("2026-11-27T10:06:30Z"));
    assertThat(events(late)).containsExactly("Normal MissingJob");
    assertThat(statusUpdate(late).removeActiveUids()).containsExactly(created.uid());
  }

  @Test
  void jobMadeByHandWithoutAScheduledTimeIsUnexpectedNotAFailedDecision() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    JobSummary byHand =
        new JobSummary(
            "fix-by-hand",
            "uid-hand",
            "1",
            at("2026-11-27T10:06:00Z"),
            null,
            null,
            null,
            JobPhase.ACTIVE);

    Decision decision = decide(sj, List.of(byHand), "2026-11-27T10:10:00Z");

    assertThat(events(decision)).containsExactly("Warning UnexpectedJob");
    assertThat(decision.run()).map(CreateJob::scheduledTime).contains(at("2026-11-27T10:10:00Z"));
  }

  @Test
  void decidingTheSameSituationTwiceGivesTheSameCommandIds() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T10:00:00Z");

    List<String> first =
        decide(sj, List.of(), "2026-11-27T10:05:00Z").commands().stream()
            .map(CommandRecord::id)
            .toList();
    List<String> again =
        decide(sj, List.of(), "2026-11-27T10:05:03Z").commands().stream()
            .map(CommandRecord::id)
            .toList();

    assertThat(again).isEqualTo(first).isNotEmpty();
  }

  private Decision decide(ScheduledJob sj, List<JobSummary> jobs, String now) {
    return decider.decide(new Situation(sj, jobs, null, Set.of(), at(now)));
  }

  private static List<String> events(Decision decision) {
    return decision.commands().stream()
        .filter(RecordEvent.class::isInstance)
        .map(RecordEvent.class::cast)
        .map(e -> e.eventType() + " " + e.reason())
        .toList();
  }

  private static UpdateStatus statusUpdate(Decision decision) {
    return decision.commands().stream()
        .filter(UpdateStatus.class::isInstance)
        .map(UpdateStatus.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no status update in " + decision.commands()));
  }
}
