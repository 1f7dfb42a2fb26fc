package io.cronlog.records;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Changes to a ScheduledJob's status, each one safe to apply twice and in any order with the
 * executor's own updates: Jobs leave {@code active} by uid; times only move forward; conditions are
 * set by type. Null fields are left as they are.
 */
public record UpdateStatus(
    int schemaVersion,
    String id,
    Instant time,
    ScheduledJobRef target,
    List<String> removeActiveUids,
    Instant lastSuccessfulTime,
    Instant lastMissedTime,
    Instant nextScheduleTime,
    boolean clearNextScheduleTime,
    Long observedGeneration,
    List<Condition> conditions,
    DecisionBasis decision)
    implements CommandRecord {

  public UpdateStatus {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(target, "target");
    removeActiveUids = removeActiveUids == null ? List.of() : List.copyOf(removeActiveUids);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  @Override
  public UpdateStatus withDecision(DecisionBasis basis) {
    return new UpdateStatus(
        schemaVersion,
        id,
        time,
        target,
        removeActiveUids,
        lastSuccessfulTime,
        lastMissedTime,
        nextScheduleTime,
        clearNextScheduleTime,
        observedGeneration,
        conditions,
        basis);
  }
}
