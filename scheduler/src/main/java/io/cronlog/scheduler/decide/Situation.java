package io.cronlog.scheduler.decide;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.JobSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a decision reads: the ScheduledJob with its status, the Jobs it controls, when its
 * current schedule took effect (null: at creation), the runs this scheduler started that the
 * status does not show yet, and the time.
 */
public record Situation(ScheduledJob scheduledJob, List<JobSummary> jobs, Instant scheduleSince,
    Set<Instant> pendingRuns, Instant now) {

  public Situation {
    Objects.requireNonNull(scheduledJob, "scheduledJob");
    Objects.requireNonNull(now, "now");
    jobs = List.copyOf(jobs);
    pendingRuns = Set.copyOf(pendingRuns);
  }
}
