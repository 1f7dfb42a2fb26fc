package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * Record a Kubernetes Event on the ScheduledJob, with the reason the CronJob controller uses
 * ({@code SuccessfulCreate}, {@code SawCompletedJob}, {@code UnparseableSchedule}, ...).
 */
public record RecordEvent(int schemaVersion, String id, Instant time, ScheduledJobRef target,
    EventType eventType, String reason, String message) implements CommandRecord {

  public RecordEvent {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** Normal or Warning, as in a Kubernetes Event. */
  public enum EventType { Normal, Warning }
}
