package io.cronlog.scheduler.decide;

import static io.cronlog.records.JobPhase.ACTIVE;
import static io.cronlog.records.JobPhase.FAILED;
import static io.cronlog.records.JobPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The controller's history-limit tables ({@code TestControllerV2CleanupFinishedJobs}, {@code
 * TestByJobStartTime}) and its adoption cases: a Job of ours that exists while the status does not
 * show it (a crash between create and status update).
 */
class HistoryAndAdoptionTableTest {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:30Z");

  /** A finished or running Job: its name, start time (null: unset) and phase. */
  record J(String name, Instant start, JobPhase phase) {
    JobSummary summary() {
      return new JobSummary(
          name,
          "uid-" + name,
          "1",
          start,
          null,
          start,
          phase == ACTIVE || start == null ? null : start.plusSeconds(5),
          phase);
    }
  }

  static J j(String name, String start, JobPhase phase) {
    return new J(name, start == null ? null : Instant.parse(start), phase);
  }

  record Cleanup(
      String name,
      Integer successfulLimit,
      Integer failedLimit,
      List<J> jobs,
      List<String> deleted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Cleanup> cleanup() {
    J s1 = j("s1", "2026-11-27T08:00:00Z", SUCCEEDED);
    J s2 = j("s2", "2026-11-27T09:00:00Z", SUCCEEDED);
    J s3 = j("s3", "2026-11-27T10:00:00Z", SUCCEEDED);
    J s4 = j("s4", "2026-11-27T11:00:00Z", SUCCEEDED);
    J f1 = j("f1", "2026-11-27T08:30:00Z", FAILED);
    J f2 = j("f2", "2026-11-27T09:30:00Z", FAILED);
    J running = j("running", "2026-11-27T07:00:00Z", ACTIVE);
    return Stream.of(
        new Cleanup(
            "defaults keep 3 succeeded and 1 failed",
            null,
            null,
            List.of(s1, s2, s3, s4, f1, f2),
            List.of("s1", "f1")),
        new Cleanup("success limit reached", 2, 1, List.of(s3, s1, s4, s2), List.of("s1", "s2")),
        new Cleanup(
            "success and failed limits not reached", 5, 5, List.of(s1, s2, f1, f2), List.of()),
        new Cleanup(
            "success and failed limits both reached",
            1,
            1,
            List.of(s1, s2, s3, f1, f2),
            List.of("s1", "s2", "f1")),
        new Cleanup(
            "success limit 0 deletes every succeeded Job",
            0,
            1,
            List.of(s1, s2, f1),
            List.of("s1", "s2")),
        new Cleanup(
            "failed limit 0 deletes every failed Job",
            3,
            0,
            List.of(s1, f1, f2),
            List.of("f1", "f2")),
        new Cleanup(
            "running Jobs are never cleaned up",
            0,
            0,
            List.of(running, s1, f1),
            List.of("s1", "f1")),
        new Cleanup(
            "an unset start time is newest: deleted last",
            1,
            1,
            List.of(j("a-unset", null, SUCCEEDED), s1),
            List.of("s1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cleanup")
  void deletesTheOldestFinishedJobsBeyondTheLimits(Cleanup row) {
    ScheduledJob sj = Fixtures.scheduledJob("0 * * * *", "2026-11-27T00:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T12:00:00Z");
    sj.getSpec().setSuccessfulJobsHistoryLimit(row.successfulLimit);
    sj.getSpec().setFailedJobsHistoryLimit(row.failedLimit);
    List<JobSummary> jobs = row.jobs.stream().map(J::summary).toList();
    for (JobSummary job : jobs) {
      if (!job.finished()) {
        Fixtures.markActive(sj, job);
      }
    }

    Decision decision = new Decider().decide(new Situation(sj, jobs, null, Set.of(), NOW));

    assertThat(decision.commands())
        .filteredOn(DeleteJob.class::isInstance)
        .map(c -> ((DeleteJob) c).jobName())
        .containsExactlyInAnyOrderElementsOf(row.deleted);
  }

  record Order(String name, List<J> input, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Order> byJobStartTime() {
    J aNil = j("a", null, SUCCEEDED);
    J bNil = j("b", null, SUCCEEDED);
    J aSet = j("a", "2018-01-01T02:03:04Z", SUCCEEDED);
    J bSet = j("b", "2018-01-01T02:03:04Z", SUCCEEDED);
    J aLater = j("a", "2019-01-01T02:03:04Z", SUCCEEDED);
    return Stream.of(
        new Order("both have nil start times", List.of(bNil, aNil), List.of("a", "b")),
        new Order("only the first has a nil start time", List.of(aNil, bSet), List.of("b", "a")),
        new Order("only the second has a nil start time", List.of(aSet, bNil), List.of("a", "b")),
        new Order("both have non-nil, equal start time", List.of(bSet, aSet), List.of("a", "b")),
        new Order(
            "both have non-nil, different start time", List.of(aLater, bSet), List.of("b", "a")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("byJobStartTime")
  void ordersJobsForDeletionAsTheControllerDoes(Order row) {
    List<JobSummary> sorted = new ArrayList<>(row.input.stream().map(J::summary).toList());
    sorted.sort(Decider.OLDEST_FIRST);

    assertThat(sorted).extracting(JobSummary::name).isEqualTo(row.expected);
  }

  /**
   * Adoption: the Job of the due run exists but neither status.active nor lastScheduleTime shows
   * it.
   */
  record Adoption(
      String name,
      JobPhase phase,
      Instant created,
      Instant now,
      boolean create,
      List<String> events) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Adoption> adoption() {
    Instant due = Instant.parse("2026-11-27T12:00:00Z");
    Instant created = due.plusMillis(200);
    return Stream.of(
        new Adoption(
            "running Job within the observation grace: the status may be on its way",
            ACTIVE,
            created,
            created.plusSeconds(30),
            false,
            List.of()),
        new Adoption(
            "running Job past the grace: unexpected, and the run goes out for the executor to adopt",
            ACTIVE,
            created,
            created.plusSeconds(120),
            true,
            List.of("Warning UnexpectedJob")),
        new Adoption(
            "finished Job: the run goes out and the executor adopts it without adding it to active",
            SUCCEEDED,
            created,
            created.plusSeconds(30),
            true,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adoption")
  void aJobOfTheDueRunIsAdoptedNotStartedTwice(Adoption row) {
    Instant due = Instant.parse("2026-11-27T12:00:00Z");
    ScheduledJob sj = Fixtures.scheduledJob("0 * * * *", "2026-11-27T00:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T11:00:00Z");
    JobSummary job =
        new JobSummary(
            Runs.jobName(Fixtures.NAME, due),
            "uid-due",
            "1",
            row.created,
            due,
            row.created,
            row.phase == ACTIVE ? null : row.created.plusSeconds(5),
            row.phase);

    Decision decision =
        new Decider().decide(new Situation(sj, List.of(job), null, Set.of(), row.now));

    assertThat(decision.run().map(CreateJob::scheduledTime))
        .as("run")
        .isEqualTo(row.create ? Optional.of(due) : Optional.empty());
    assertThat(decision.commands())
        .filteredOn(RecordEvent.class::isInstance)
        .map(RecordEvent.class::cast)
        .extracting(e -> e.eventType() + " " + e.reason())
        .isEqualTo(row.events);
  }
}
