package io.cronlog.scheduler.decide;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.JobSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a decision reads: the ScheduledJob with its status, the Jobs it controls, when its
 * current schedule took effect (null: at creation), the runs this scheduler started that the status
 * does not show yet, and the time; and where they came from: the id of the state record (null when
 * no state record was read), recorded with the decision for its audit.
 */
public record Situation(
    ScheduledJob scheduledJob,
    List<JobSummary> jobs,
    Instant scheduleSince,
    Set<Instant> pendingRuns,
    Instant now,
    String stateId) {

  public Situation {
    Objects.requireNonNull(scheduledJob, "scheduledJob");
    Objects.requireNonNull(now, "now");
    jobs = List.copyOf(jobs);
    pendingRuns = Set.copyOf(pendingRuns);
  }

  /** A situation not read from a state record, as in {@code cronlog explain} and in tests. */
  public Situation(
      ScheduledJob scheduledJob,
      List<JobSummary> jobs,
      Instant scheduleSince,
      Set<Instant> pendingRuns,
      Instant now) {
    this(scheduledJob, jobs, scheduleSince, pendingRuns, now, null);
  }
}
