package io.cronlog.scheduler.decide;

import static io.cronlog.api.ConcurrencyPolicy.Allow;
import static io.cronlog.api.ConcurrencyPolicy.Forbid;
import static io.cronlog.api.ConcurrencyPolicy.Replace;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.UpdateStatus;
import io.cronlog.schedule.Schedule;
import io.cronlog.scheduler.decide.ControllerSyncRow.Previous;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes controller's {@code TestControllerV2SyncCronJob} table
 * (cronjob_controllerv2_test.go), row by row, against our Decider. The reference counts its own
 * {@code SuccessfulCreate} and {@code SuccessfulDelete} Events; ours are recorded by the executor
 * once it acts, so a row here expects the Decider's commands ({@code CreateJob}, {@code DeleteJob})
 * and only the Events the decision itself records. A row whose expectation one of our deliberate
 * differences changes names it with {@code differs} (the number in docs/differences.md) and asserts
 * our behaviour.
 */
class ControllerSyncTableTest {

  // The reference's fixed instants: its clock reads these, never the wall clock.
  static final Instant JUST_BEFORE_THE_PRIOR_HOUR = Instant.parse("2016-05-19T08:59:00Z");
  static final Instant JUST_AFTER_THE_PRIOR_HOUR = Instant.parse("2016-05-19T09:01:00Z");
  static final Instant JUST_BEFORE_THE_HOUR = Instant.parse("2016-05-19T09:59:00Z");
  static final Instant TOP_OF_THE_HOUR = Instant.parse("2016-05-19T10:00:00Z");
  static final Instant JUST_AFTER_THE_HOUR = Instant.parse("2016-05-19T10:01:00Z");
  static final Instant WEEK_AFTER_THE_HOUR = Instant.parse("2016-05-26T10:00:00Z");

  static final String NEW_YORK = "America/New_York";

  /** 10:01 on the wall clocks of New York (EDT, UTC-4 that day). */
  static final Instant JUST_AFTER_THE_HOUR_IN_NEW_YORK = Instant.parse("2016-05-19T14:01:00Z");

  static final long SHORT_DEAD = 10;
  static final long MEDIUM_DEAD = 2 * 60 * 60;
  static final long LONG_DEAD = 1_000_000;

  static final String ERROR_SCHEDULE = "obvious error schedule";
  static final String ON_THE_HOUR = "0 * * * ?";

  static final List<String> NONE = List.of();
  static final List<String> UNPARSEABLE = List.of("Warning UnparseableSchedule");
  static final List<String> TOO_MANY = List.of("Warning TooManyMissedTimes");
  static final List<String> MISSED = List.of("Warning MissSchedule");
  static final List<String> ALREADY_ACTIVE = List.of("Normal JobAlreadyActive");

  /** A row named as in the reference's table; without a deadline unless it sets one. */
  static ControllerSyncRow row(String name) {
    return new ControllerSyncRow(name);
  }

  static Stream<ControllerSyncRow> rows() {
    Instant prior = JUST_AFTER_THE_PRIOR_HOUR;
    Instant pastShortDeadline = JUST_AFTER_THE_HOUR.plusSeconds(60 * (SHORT_DEAD + 1));
    Instant startedAtTheHour = TOP_OF_THE_HOUR.plusMillis(100);
    Instant aMinuteLater = JUST_AFTER_THE_HOUR.plusMillis(100);
    return Stream.of(
        row("never ran, not valid schedule, A")
            .concurrencyPolicy(Allow)
            .schedule(ERROR_SCHEDULE)
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectedEvents(UNPARSEABLE),
        row("never ran, not valid schedule, F")
            .concurrencyPolicy(Forbid)
            .schedule(ERROR_SCHEDULE)
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectedEvents(UNPARSEABLE),
        row("never ran, not valid schedule, R")
            .concurrencyPolicy(Replace)
            .schedule(ERROR_SCHEDULE)
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectedEvents(UNPARSEABLE),
        row("never ran, not valid time zone")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .timeZone("bad-time-zone")
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectedEvents(List.of("Warning UnknownTimeZone")),
        row("never ran, not time in zone")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .timeZone(NEW_YORK)
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),
        row("never ran, is time in zone")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .timeZone(NEW_YORK)
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR_IN_NEW_YORK)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        // The API rejects such a schedule (a CEL rule on the CRD, as Kubernetes validation does for
        // new CronJobs); the reference's controller runs an old object that has one, with a
        // warning. An object that got past validation is unparseable here: a warning, no run.
        row("never ran, is time in zone, but TZ is also set in schedule")
            .differs("validation: TZ in schedule")
            .concurrencyPolicy(Allow)
            .schedule("TZ=UTC " + ON_THE_HOUR)
            .timeZone(NEW_YORK)
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR_IN_NEW_YORK)
            .expectActive(0)
            .expectedEvents(UNPARSEABLE),
        row("never ran, not time, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),
        row("never ran, not time, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),
        row("never ran, not time, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),
        row("never ran, is time, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("never ran, is time, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("never ran, is time, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("never ran, is time, suspended")
            .concurrencyPolicy(Allow)
            .suspend()
            .schedule(ON_THE_HOUR)
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectActive(0),
        row("never ran, is time, past deadline")
            .differs("2 MissSchedule")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(SHORT_DEAD)
            .jobCreationTime(prior)
            .now(pastShortDeadline)
            .expectActive(0)
            .expectedEvents(MISSED)
            .expectRequeueAfter(),
        row("never ran, is time, not past deadline")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, not time, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),
        row("prev ran but done, not time, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),
        row("prev ran but done, not time, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),
        row("prev ran but done, is time, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, is time, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, is time, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, is time, suspended")
            .concurrencyPolicy(Allow)
            .suspend()
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectActive(0),
        row("prev ran but done, is time, past deadline")
            .differs("2 MissSchedule")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(SHORT_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectActive(0)
            .expectedEvents(MISSED)
            .expectRequeueAfter(),
        row("prev ran but done, is time, not past deadline")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("still active, not time, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(1)
            .expectRequeueAfter(),
        row("still active, not time, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(1)
            .expectRequeueAfter(),
        row("still active, not time, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(1)
            .expectRequeueAfter(),
        row("still active, is time, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(2)
            .expectRequeueAfter(),
        row("still active, is time, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectActive(1)
            .expectedEvents(ALREADY_ACTIVE)
            .expectRequeueAfter(),
        row("still active, is time, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectDelete()
            .expectActive(1)
            .expectRequeueAfter(),
        row("still active, is time, suspended")
            .concurrencyPolicy(Allow)
            .suspend()
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectActive(1),
        row("still active, is time, past deadline")
            .differs("2 MissSchedule")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(SHORT_DEAD)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectActive(1)
            .expectedEvents(MISSED)
            .expectRequeueAfter(),
        row("still active, is time, not past deadline")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .stillActive()
            .jobCreationTime(prior)
            .now(JUST_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(2)
            .expectRequeueAfter(),

        // Too many missed times, and no deadline or too long a deadline: warn, still run the most
        // recent.
        row("prev ran but done, long overdue, not past deadline, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectedEvents(TOO_MANY)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, not past deadline, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectedEvents(TOO_MANY)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, not past deadline, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectedEvents(TOO_MANY)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, no deadline, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectedEvents(TOO_MANY)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, no deadline, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectedEvents(TOO_MANY)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, no deadline, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectedEvents(TOO_MANY)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, past medium deadline, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(MEDIUM_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, past short deadline, A")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(SHORT_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, past medium deadline, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .deadline(MEDIUM_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, past short deadline, R")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .deadline(SHORT_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, past medium deadline, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .deadline(MEDIUM_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),
        row("prev ran but done, long overdue, past short deadline, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .deadline(SHORT_DEAD)
            .ranPreviously()
            .jobCreationTime(prior)
            .now(WEEK_AFTER_THE_HOUR)
            .expectCreate()
            .expectActive(1)
            .expectRequeueAfter(),

        // Clock skew: the Job is newer than now. The reference's create would meet AlreadyExists;
        // nothing is due here, so nothing is created.
        row("this ran but done, time drifted back, F")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .ranPreviously()
            .jobCreationTime(JUST_AFTER_THE_HOUR)
            .now(JUST_BEFORE_THE_HOUR)
            .expectActive(0)
            .expectRequeueAfter(),

        // Slow Job watch: the reference GETs the Job and keeps it; we keep it for the observation
        // grace and look again when it ends, instead of at the next scheduled time.
        row("this started but went missing, not past deadline, A")
            .differs("4 no live GET")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .stillActive()
            .jobStillNotFoundInLister()
            .jobCreationTime(startedAtTheHour)
            .now(aMinuteLater)
            .expectActive(1),
        row("this started but went missing, not past deadline, f")
            .differs("4 no live GET")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .stillActive()
            .jobStillNotFoundInLister()
            .jobCreationTime(startedAtTheHour)
            .now(aMinuteLater)
            .expectActive(1),
        row("this started but went missing, not past deadline, R")
            .differs("4 no live GET")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .stillActive()
            .jobStillNotFoundInLister()
            .jobCreationTime(startedAtTheHour)
            .now(aMinuteLater)
            .expectActive(1),

        // Slow ScheduledJob watch: the reference GETs the CronJob and finds the Job in active (1);
        // we cannot add to active (only the executor does), so active stays 0 until the status
        // arrives, and the run is not started again meanwhile.
        row("this started but is not present in cronjob active list, not past deadline, A")
            .differs("4 no live GET")
            .concurrencyPolicy(Allow)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .stillActive()
            .jobNotPresentInActiveStatus()
            .jobCreationTime(startedAtTheHour)
            .now(aMinuteLater)
            .expectActive(0),
        row("this started but is not present in cronjob active list, not past deadline, f")
            .differs("4 no live GET")
            .concurrencyPolicy(Forbid)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .stillActive()
            .jobNotPresentInActiveStatus()
            .jobCreationTime(startedAtTheHour)
            .now(aMinuteLater)
            .expectActive(0),
        row("this started but is not present in cronjob active list, not past deadline, R")
            .differs("4 no live GET")
            .concurrencyPolicy(Replace)
            .schedule(ON_THE_HOUR)
            .deadline(LONG_DEAD)
            .ranPreviously()
            .stillActive()
            .jobNotPresentInActiveStatus()
            .jobCreationTime(startedAtTheHour)
            .now(aMinuteLater)
            .expectActive(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decidesAsTheControllerDoes(ControllerSyncRow row) throws Exception {
    row.checked();
    Previous previousRun = row.previous();
    ScheduledJob sj =
        Fixtures.scheduledJob(
            row.schedule,
            (previousRun == Previous.NEVER ? JUST_BEFORE_THE_HOUR : JUST_BEFORE_THE_PRIOR_HOUR)
                .toString());
    sj.getSpec().setConcurrencyPolicy(row.concurrencyPolicy);
    sj.getSpec().setSuspend(row.suspend);
    sj.getSpec().setStartingDeadlineSeconds(row.deadline);
    sj.getSpec().setTimeZone(row.timeZone);
    List<JobSummary> jobs = new ArrayList<>();
    JobSummary previous = null;
    if (previousRun != Previous.NEVER) {
      sj.getStatus().setLastScheduleTime(JUST_AFTER_THE_PRIOR_HOUR.toString());
      previous = previousJob(row, previousRun);
      if (previousRun != Previous.OBSERVED_NOT_ACTIVE && previousRun != Previous.DONE) {
        sj.getStatus()
            .getActive()
            .add(
                new ObjectReferenceBuilder()
                    .withKind("Job")
                    .withName(previous.name())
                    .withUid(previous.uid())
                    .build());
      }
      if (previousRun != Previous.ACTIVE_NOT_OBSERVED) {
        jobs.add(previous);
      }
    }

    Decision decision = new Decider().decide(new Situation(sj, jobs, null, Set.of(), row.now));

    assertThat(decision.run().isPresent()).as("creates a Job").isEqualTo(row.expectCreate);
    assertThat(decision.commands().stream().anyMatch(DeleteJob.class::isInstance))
        .as("deletes a Job")
        .isEqualTo(row.expectDelete);
    assertThat(activeAfter(sj.getStatus().getActive().size(), decision))
        .as("active after")
        .isEqualTo(row.expectActive);
    assertThat(events(decision)).as("events").isEqualTo(row.expectedEvents);
    if (row.expectRequeueAfter) {
      Instant next = Schedule.parse(row.schedule, row.timeZone).next(row.now).orElseThrow();
      assertThat(decision.nextWake()).as("wakes at the next scheduled time").contains(next);
    } else if (previousRun == Previous.ACTIVE_NOT_OBSERVED
        || previousRun == Previous.OBSERVED_NOT_ACTIVE) {
      assertThat(decision.nextWake())
          .as("looks again when the grace ends")
          .contains(earliestGraceEnd(row, previousRun));
    } else {
      assertThat(decision.nextWake()).as("no wake").isEmpty();
    }
    if (previousRun == Previous.DONE) {
      assertThat(statusUpdate(decision).map(UpdateStatus::lastSuccessfulTime))
          .as("lastSuccessfulTime")
          .contains(previous.completionTime());
    }
  }

  /**
   * The Job of the previous run, named for its creation minute as the reference's fixture names it.
   */
  private static JobSummary previousJob(ControllerSyncRow row, Previous previousRun) {
    boolean done = previousRun == Previous.DONE;
    return new JobSummary(
        Runs.jobName(Fixtures.NAME, row.jobCreationTime),
        "1234",
        "1",
        row.jobCreationTime,
        row.jobCreationTime,
        row.jobCreationTime,
        done ? row.jobCreationTime.plusSeconds(10) : null,
        done ? JobPhase.SUCCEEDED : JobPhase.ACTIVE);
  }

  /** The grace of a Job not yet seen both ways ends 90 s after its scheduled minute or creation. */
  private static Instant earliestGraceEnd(ControllerSyncRow row, Previous previousRun) {
    Instant minute =
        Instant.ofEpochSecond(Math.floorDiv(row.jobCreationTime.getEpochSecond(), 60) * 60);
    Instant since = previousRun == Previous.ACTIVE_NOT_OBSERVED ? minute : row.jobCreationTime;
    return since.plus(Decider.OBSERVATION_GRACE);
  }

  /** The size of status.active once the executor has carried the decision out. */
  private static int activeAfter(int observed, Decision decision) {
    int removed = statusUpdate(decision).map(u -> u.removeActiveUids().size()).orElse(0);
    long deleted = decision.commands().stream().filter(DeleteJob.class::isInstance).count();
    long created = decision.commands().stream().filter(CreateJob.class::isInstance).count();
    return (int) (observed - removed - deleted + created);
  }

  private static List<String> events(Decision decision) {
    return decision.commands().stream()
        .filter(RecordEvent.class::isInstance)
        .map(RecordEvent.class::cast)
        .map(e -> e.eventType() + " " + e.reason())
        .toList();
  }

  private static Optional<UpdateStatus> statusUpdate(Decision decision) {
    return decision.commands().stream()
        .filter(UpdateStatus.class::isInstance)
        .map(UpdateStatus.class::cast)
        .findFirst();
  }
}
