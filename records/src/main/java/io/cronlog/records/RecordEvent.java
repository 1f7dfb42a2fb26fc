package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * Record a Kubernetes Event on the ScheduledJob, with the reason the CronJob controller uses
 * ({@code SuccessfulCreate}, {@code SawCompletedJob}, {@code UnparseableSchedule}, ...).
 *
 * @param scheduledTime the scheduled time the Event is about ({@code JobAlreadyActive}, {@code
 *     MissSchedule}, {@code TooManyMissedTimes}), else null
 * @param jobName the Job the Event is about ({@code SawCompletedJob}, {@code MissingJob}, {@code
 *     UnexpectedJob}), else null
 */
public record RecordEvent(
    int schemaVersion,
    String id,
    Instant time,
    ScheduledJobRef target,
    EventType eventType,
    String reason,
    String message,
    Instant scheduledTime,
    String jobName,
    DecisionBasis decision)
    implements CommandRecord {

  public RecordEvent {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The Event {@code reason} on {@code target}; {@code about} names what it is about (a Job uid, a
   * scheduled time), so the same Event decided again is the same command and is recorded once.
   */
  public static RecordEvent of(
      ScheduledJobRef target,
      EventType type,
      String reason,
      String message,
      String about,
      Instant now) {
    return new RecordEvent(
        SCHEMA_VERSION,
        RecordIds.of("event", target.uid(), reason, about),
        now,
        target,
        type,
        reason,
        message,
        null,
        null,
        null);
  }

  /** The same Event, about the scheduled time {@code scheduledTime}. */
  public RecordEvent aboutScheduledTime(Instant scheduledTime) {
    return new RecordEvent(
        schemaVersion,
        id,
        time,
        target,
        eventType,
        reason,
        message,
        scheduledTime,
        jobName,
        decision);
  }

  /** The same Event, about the Job {@code jobName}. */
  public RecordEvent aboutJob(String jobName) {
    return new RecordEvent(
        schemaVersion,
        id,
        time,
        target,
        eventType,
        reason,
        message,
        scheduledTime,
        jobName,
        decision);
  }

  @Override
  public RecordEvent withDecision(DecisionBasis basis) {
    return new RecordEvent(
        schemaVersion, id, time, target, eventType, reason, message, scheduledTime, jobName, basis);
  }

  /** Normal or Warning, as in a Kubernetes Event. */
  public enum EventType {
    Normal,
    Warning
  }
}
