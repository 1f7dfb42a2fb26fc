package io.cronlog.scheduler.decide;

import static io.cronlog.api.ConcurrencyPolicy.Allow;
import static io.cronlog.api.ConcurrencyPolicy.Forbid;
import static io.cronlog.api.ConcurrencyPolicy.Replace;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.UpdateStatus;
import io.cronlog.schedule.Schedule;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes controller's {@code TestControllerV2SyncCronJob} table (cronjob_controllerv2_test.go),
 * row by row, against our Decider. The reference counts its own {@code SuccessfulCreate} and
 * {@code SuccessfulDelete} Events; ours are recorded by the executor once it acts, so a row here
 * expects the Decider's commands ({@code CreateJob}, {@code DeleteJob}) and only the Events the
 * decision itself records. A row whose expectation one of our deliberate differences changes names
 * it in {@code fix} (the number in docs/differences.md) and asserts our behaviour.
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
  static final Long NO_DEAD = null;

  static final String ERROR_SCHEDULE = "obvious error schedule";
  static final String ON_THE_HOUR = "0 * * * ?";

  /** What the job the row starts from looks like. */
  enum Previous {
    /** The ScheduledJob never ran. */
    NEVER,
    /** It ran once and that Job has completed. */
    DONE,
    /** It ran once and that Job is still running, in status.active and observed. */
    ACTIVE,
    /** That Job is in status.active but the observed state does not show it yet (slow Job watch). */
    ACTIVE_NOT_OBSERVED,
    /** That Job is observed but status.active does not list it yet (slow ScheduledJob watch). */
    OBSERVED_NOT_ACTIVE
  }

  /** One row: the situation, then what must come of it. */
  record Row(String name, ConcurrencyPolicy policy, boolean suspend, String schedule, Long deadline,
      Previous previous, Instant jobCreation, Instant now,
      boolean create, boolean delete, int activeAfter, List<String> events, boolean wakeAtNextScheduleTime,
      String fix, String timeZone) {
    @Override
    public String toString() {
      return name + (fix == null ? "" : " [differs: " + fix + "]");
    }
  }

  static Row row(String name, ConcurrencyPolicy policy, boolean suspend, String schedule, Long deadline,
      Previous previous, Instant jobCreation, Instant now, boolean create, boolean delete, int activeAfter,
      List<String> events, boolean wakeAtNext) {
    return new Row(name, policy, suspend, schedule, deadline, previous, jobCreation, now, create, delete,
        activeAfter, events, wakeAtNext, null, null);
  }

  static Row inZone(String timeZone, Row row) {
    return new Row(row.name, row.policy, row.suspend, row.schedule, row.deadline, row.previous, row.jobCreation,
        row.now, row.create, row.delete, row.activeAfter, row.events, row.wakeAtNextScheduleTime, row.fix, timeZone);
  }

  static Row differs(String fix, Row row) {
    return new Row(row.name, row.policy, row.suspend, row.schedule, row.deadline, row.previous, row.jobCreation,
        row.now, row.create, row.delete, row.activeAfter, row.events, row.wakeAtNextScheduleTime, fix, row.timeZone);
  }

  static final List<String> NONE = List.of();
  static final List<String> UNPARSEABLE = List.of("Warning UnparseableSchedule");
  static final List<String> TOO_MANY = List.of("Warning TooManyMissedTimes");
  static final List<String> MISSED = List.of("Warning MissSchedule");
  static final List<String> ALREADY_ACTIVE = List.of("Normal JobAlreadyActive");

  static Stream<Row> rows() {
    Instant prior = JUST_AFTER_THE_PRIOR_HOUR;
    Instant pastShortDeadline = JUST_AFTER_THE_HOUR.plusSeconds(60 * (SHORT_DEAD + 1));
    Instant startedAtTheHour = TOP_OF_THE_HOUR.plusMillis(100);
    Instant aMinuteLater = JUST_AFTER_THE_HOUR.plusMillis(100);
    return Stream.of(
        row("never ran, not valid schedule, A", Allow, false, ERROR_SCHEDULE, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, UNPARSEABLE, false),
        row("never ran, not valid schedule, F", Forbid, false, ERROR_SCHEDULE, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, UNPARSEABLE, false),
        row("never ran, not valid schedule, R", Replace, false, ERROR_SCHEDULE, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, UNPARSEABLE, false),
        inZone("bad-time-zone", row("never ran, not valid time zone", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, List.of("Warning UnknownTimeZone"), false)),
        inZone(NEW_YORK, row("never ran, not time in zone", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true)),
        inZone(NEW_YORK, row("never ran, is time in zone", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_AFTER_THE_HOUR_IN_NEW_YORK, true, false, 1, NONE, true)),
        // The API rejects such a schedule (a CEL rule on the CRD, as Kubernetes validation does for
        // new CronJobs); the reference's controller runs an old object that has one, with a
        // warning. An object that got past validation is unparseable here: a warning, no run.
        differs("validation: TZ in schedule", inZone(NEW_YORK, row("never ran, is time in zone, but TZ is also set in schedule", Allow, false, "TZ=UTC " + ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_AFTER_THE_HOUR_IN_NEW_YORK, false, false, 0, UNPARSEABLE, false))),
        row("never ran, not time, A", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true),
        row("never ran, not time, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true),
        row("never ran, not time, R", Replace, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true),
        row("never ran, is time, A", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("never ran, is time, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("never ran, is time, R", Replace, false, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("never ran, is time, suspended", Allow, true, ON_THE_HOUR, NO_DEAD, Previous.NEVER, prior, JUST_AFTER_THE_HOUR, false, false, 0, NONE, false),
        differs("2 MissSchedule", row("never ran, is time, past deadline", Allow, false, ON_THE_HOUR, SHORT_DEAD, Previous.NEVER, prior, pastShortDeadline, false, false, 0, MISSED, true)),
        row("never ran, is time, not past deadline", Allow, false, ON_THE_HOUR, LONG_DEAD, Previous.NEVER, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),

        row("prev ran but done, not time, A", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true),
        row("prev ran but done, not time, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true),
        row("prev ran but done, not time, R", Replace, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true),
        row("prev ran but done, is time, A", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, is time, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, is time, R", Replace, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, is time, suspended", Allow, true, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, JUST_AFTER_THE_HOUR, false, false, 0, NONE, false),
        differs("2 MissSchedule", row("prev ran but done, is time, past deadline", Allow, false, ON_THE_HOUR, SHORT_DEAD, Previous.DONE, prior, JUST_AFTER_THE_HOUR, false, false, 0, MISSED, true)),
        row("prev ran but done, is time, not past deadline", Allow, false, ON_THE_HOUR, LONG_DEAD, Previous.DONE, prior, JUST_AFTER_THE_HOUR, true, false, 1, NONE, true),

        row("still active, not time, A", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.ACTIVE, prior, JUST_BEFORE_THE_HOUR, false, false, 1, NONE, true),
        row("still active, not time, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.ACTIVE, prior, JUST_BEFORE_THE_HOUR, false, false, 1, NONE, true),
        row("still active, not time, R", Replace, false, ON_THE_HOUR, NO_DEAD, Previous.ACTIVE, prior, JUST_BEFORE_THE_HOUR, false, false, 1, NONE, true),
        row("still active, is time, A", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.ACTIVE, prior, JUST_AFTER_THE_HOUR, true, false, 2, NONE, true),
        row("still active, is time, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.ACTIVE, prior, JUST_AFTER_THE_HOUR, false, false, 1, ALREADY_ACTIVE, true),
        row("still active, is time, R", Replace, false, ON_THE_HOUR, NO_DEAD, Previous.ACTIVE, prior, JUST_AFTER_THE_HOUR, true, true, 1, NONE, true),
        row("still active, is time, suspended", Allow, true, ON_THE_HOUR, NO_DEAD, Previous.ACTIVE, prior, JUST_AFTER_THE_HOUR, false, false, 1, NONE, false),
        differs("2 MissSchedule", row("still active, is time, past deadline", Allow, false, ON_THE_HOUR, SHORT_DEAD, Previous.ACTIVE, prior, JUST_AFTER_THE_HOUR, false, false, 1, MISSED, true)),
        row("still active, is time, not past deadline", Allow, false, ON_THE_HOUR, LONG_DEAD, Previous.ACTIVE, prior, JUST_AFTER_THE_HOUR, true, false, 2, NONE, true),

        // Too many missed times, and no deadline or too long a deadline: warn, still run the most recent.
        row("prev ran but done, long overdue, not past deadline, A", Allow, false, ON_THE_HOUR, LONG_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, TOO_MANY, true),
        row("prev ran but done, long overdue, not past deadline, R", Replace, false, ON_THE_HOUR, LONG_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, TOO_MANY, true),
        row("prev ran but done, long overdue, not past deadline, F", Forbid, false, ON_THE_HOUR, LONG_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, TOO_MANY, true),
        row("prev ran but done, long overdue, no deadline, A", Allow, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, TOO_MANY, true),
        row("prev ran but done, long overdue, no deadline, R", Replace, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, TOO_MANY, true),
        row("prev ran but done, long overdue, no deadline, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, TOO_MANY, true),
        row("prev ran but done, long overdue, past medium deadline, A", Allow, false, ON_THE_HOUR, MEDIUM_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, long overdue, past short deadline, A", Allow, false, ON_THE_HOUR, SHORT_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, long overdue, past medium deadline, R", Replace, false, ON_THE_HOUR, MEDIUM_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, long overdue, past short deadline, R", Replace, false, ON_THE_HOUR, SHORT_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, long overdue, past medium deadline, F", Forbid, false, ON_THE_HOUR, MEDIUM_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, NONE, true),
        row("prev ran but done, long overdue, past short deadline, F", Forbid, false, ON_THE_HOUR, SHORT_DEAD, Previous.DONE, prior, WEEK_AFTER_THE_HOUR, true, false, 1, NONE, true),

        // Clock skew: the Job is newer than now. The reference's create would meet AlreadyExists;
        // nothing is due here, so nothing is created.
        row("this ran but done, time drifted back, F", Forbid, false, ON_THE_HOUR, NO_DEAD, Previous.DONE, JUST_AFTER_THE_HOUR, JUST_BEFORE_THE_HOUR, false, false, 0, NONE, true),

        // Slow Job watch: the reference GETs the Job and keeps it; we keep it for the observation
        // grace and look again when it ends, instead of at the next scheduled time.
        differs("4 no live GET", row("this started but went missing, not past deadline, A", Allow, false, ON_THE_HOUR, LONG_DEAD, Previous.ACTIVE_NOT_OBSERVED, startedAtTheHour, aMinuteLater, false, false, 1, NONE, false)),
        differs("4 no live GET", row("this started but went missing, not past deadline, f", Forbid, false, ON_THE_HOUR, LONG_DEAD, Previous.ACTIVE_NOT_OBSERVED, startedAtTheHour, aMinuteLater, false, false, 1, NONE, false)),
        differs("4 no live GET", row("this started but went missing, not past deadline, R", Replace, false, ON_THE_HOUR, LONG_DEAD, Previous.ACTIVE_NOT_OBSERVED, startedAtTheHour, aMinuteLater, false, false, 1, NONE, false)),

        // Slow ScheduledJob watch: the reference GETs the CronJob and finds the Job in active (1);
        // we cannot add to active (only the executor does), so active stays 0 until the status
        // arrives, and the run is not started again meanwhile.
        differs("4 no live GET", row("this started but is not present in cronjob active list, not past deadline, A", Allow, false, ON_THE_HOUR, LONG_DEAD, Previous.OBSERVED_NOT_ACTIVE, startedAtTheHour, aMinuteLater, false, false, 0, NONE, false)),
        differs("4 no live GET", row("this started but is not present in cronjob active list, not past deadline, f", Forbid, false, ON_THE_HOUR, LONG_DEAD, Previous.OBSERVED_NOT_ACTIVE, startedAtTheHour, aMinuteLater, false, false, 0, NONE, false)),
        differs("4 no live GET", row("this started but is not present in cronjob active list, not past deadline, R", Replace, false, ON_THE_HOUR, LONG_DEAD, Previous.OBSERVED_NOT_ACTIVE, startedAtTheHour, aMinuteLater, false, false, 0, NONE, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decidesAsTheControllerDoes(Row row) throws Exception {
    ScheduledJob sj = Fixtures.scheduledJob(row.schedule, (row.previous == Previous.NEVER
        ? JUST_BEFORE_THE_HOUR : JUST_BEFORE_THE_PRIOR_HOUR).toString());
    sj.getSpec().setConcurrencyPolicy(row.policy);
    sj.getSpec().setSuspend(row.suspend);
    sj.getSpec().setStartingDeadlineSeconds(row.deadline);
    sj.getSpec().setTimeZone(row.timeZone);
    List<JobSummary> jobs = new ArrayList<>();
    JobSummary previous = null;
    if (row.previous != Previous.NEVER) {
      sj.getStatus().setLastScheduleTime(JUST_AFTER_THE_PRIOR_HOUR.toString());
      previous = previousJob(row);
      if (row.previous != Previous.OBSERVED_NOT_ACTIVE && row.previous != Previous.DONE) {
        sj.getStatus().getActive().add(new ObjectReferenceBuilder().withKind("Job").withName(previous.name())
            .withUid(previous.uid()).build());
      }
      if (row.previous != Previous.ACTIVE_NOT_OBSERVED) {
        jobs.add(previous);
      }
    }

    Decision decision = new Decider().decide(new Situation(sj, jobs, null, Set.of(), row.now));

    assertThat(decision.run().isPresent()).as("creates a Job").isEqualTo(row.create);
    assertThat(decision.commands().stream().anyMatch(DeleteJob.class::isInstance)).as("deletes a Job")
        .isEqualTo(row.delete);
    assertThat(activeAfter(sj.getStatus().getActive().size(), decision)).as("active after").isEqualTo(row.activeAfter);
    assertThat(events(decision)).as("events").isEqualTo(row.events);
    if (row.wakeAtNextScheduleTime) {
      Instant next = Schedule.parse(row.schedule, row.timeZone).next(row.now).orElseThrow();
      assertThat(decision.nextWake()).as("wakes at the next scheduled time").contains(next);
    } else if (row.previous == Previous.ACTIVE_NOT_OBSERVED || row.previous == Previous.OBSERVED_NOT_ACTIVE) {
      assertThat(decision.nextWake()).as("looks again when the grace ends")
          .contains(earliestGraceEnd(row));
    } else {
      assertThat(decision.nextWake()).as("no wake").isEmpty();
    }
    if (row.previous == Previous.DONE) {
      assertThat(statusUpdate(decision).map(UpdateStatus::lastSuccessfulTime))
          .as("lastSuccessfulTime").contains(previous.completionTime());
    }
  }

  /** The Job of the previous run, named for its creation minute as the reference's fixture names it. */
  private static JobSummary previousJob(Row row) {
    boolean done = row.previous == Previous.DONE;
    return new JobSummary(Runs.jobName(Fixtures.NAME, row.jobCreation), "1234", "1", row.jobCreation,
        row.jobCreation, row.jobCreation, done ? row.jobCreation.plusSeconds(10) : null,
        done ? JobPhase.SUCCEEDED : JobPhase.ACTIVE);
  }

  /** The grace of a Job not yet seen both ways ends 90 s after its scheduled minute or creation. */
  private static Instant earliestGraceEnd(Row row) {
    Instant minute = Instant.ofEpochSecond(Math.floorDiv(row.jobCreation.getEpochSecond(), 60) * 60);
    Instant since = row.previous == Previous.ACTIVE_NOT_OBSERVED ? minute : row.jobCreation;
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
    return decision.commands().stream().filter(RecordEvent.class::isInstance).map(RecordEvent.class::cast)
        .map(e -> e.eventType() + " " + e.reason()).toList();
  }

  private static Optional<UpdateStatus> statusUpdate(Decision decision) {
    return decision.commands().stream().filter(UpdateStatus.class::isInstance).map(UpdateStatus.class::cast)
        .findFirst();
  }
}
