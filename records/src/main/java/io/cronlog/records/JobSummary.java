package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * The part of a Job that scheduling decisions read: its identity, its scheduled time (from the
 * {@code cronlog.io/scheduled-at} annotation, null for a Job not made by cronlog), and how far
 * it got.
 */
public record JobSummary(String name, String uid, String resourceVersion, Instant creationTime,
    Instant scheduledTime, Instant startTime, Instant completionTime, JobPhase phase) {

  public JobSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(phase, "phase");
  }

  public boolean finished() {
    return phase != JobPhase.ACTIVE;
  }
}
