package io.cronlog.records;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The part of a Job that scheduling decisions read: its identity, its scheduled time (from the
 * {@code cronlog.io/scheduled-at} annotation, null for a Job not made by cronlog), and how far it
 * got.
 */
public record JobSummary(
    String name,
    String uid,
    String resourceVersion,
    Instant creationTime,
    Instant scheduledTime,
    Instant startTime,
    Instant completionTime,
    JobPhase phase) {

  /**
   * By start time, unset last, then by name: the order in which the CronJob controller deletes
   * finished Jobs beyond the history limits, and in which the watcher keeps the newest.
   */
  public static final Comparator<JobSummary> OLDEST_FIRST =
      Comparator.comparing(JobSummary::startTime, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(JobSummary::name);

  public JobSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(phase, "phase");
  }

  public boolean finished() {
    return phase != JobPhase.ACTIVE;
  }
}
