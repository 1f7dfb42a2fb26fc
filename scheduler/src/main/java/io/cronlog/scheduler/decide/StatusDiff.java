package io.cronlog.scheduler.decide;

import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.JobSummary;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordIds;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status a decision leads to, compared with the status observed: only differences become an
 * {@link UpdateStatus}, whose id derives from its content so the same change is one command.
 */
final class StatusDiff {

  static final String READY = "Ready";

  private final ScheduledJobStatus observed;
  private final Long generation;
  private Instant lastSuccessfulTime;
  private Instant lastMissedTime;
  private Instant nextScheduleTime;
  private Condition ready;
  private List<String> removedActiveUids = List.of();

  StatusDiff(ScheduledJobStatus observed, Long generation) {
    this.observed = observed;
    this.generation = generation;
    this.lastSuccessfulTime = KubeTimes.parseOrNull(observed.getLastSuccessfulTime());
    this.lastMissedTime = KubeTimes.parseOrNull(observed.getLastMissedTime());
    this.nextScheduleTime = KubeTimes.parseOrNull(observed.getNextScheduleTime());
  }

  void lastSuccessfulAtLeast(Instant completion) {
    if (lastSuccessfulTime == null || completion.isAfter(lastSuccessfulTime)) {
      lastSuccessfulTime = completion;
    }
  }

  Instant lastMissedTime() {
    return lastMissedTime;
  }

  void lastMissed(Instant missed) {
    lastMissedTime = missed;
  }

  void nextScheduleTime(Instant next) {
    nextScheduleTime = next;
  }

  Optional<Instant> nextScheduleTimeValue() {
    return Optional.ofNullable(nextScheduleTime);
  }

  void ready(boolean isReady, String reason, String message) {
    ready =
        new ConditionBuilder()
            .withType(READY)
            .withStatus(isReady ? "True" : "False")
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .build();
  }

  /** Records which entries of the observed {@code active} the decision drops. */
  void removeActive(
      List<JobSummary> jobs, List<ObjectReference> observedActive, List<ObjectReference> kept) {
    removedActiveUids =
        observedActive.stream()
            .map(ObjectReference::getUid)
            .filter(uid -> kept.stream().noneMatch(k -> uid.equals(k.getUid())))
            .sorted()
            .toList();
  }

  Optional<UpdateStatus> toCommand(ScheduledJobRef ref, Instant now) {
    Instant successful = changed(lastSuccessfulTime, observed.getLastSuccessfulTime());
    Instant missed = changed(lastMissedTime, observed.getLastMissedTime());
    boolean nextChanged =
        !Objects.equals(
            secondsOf(nextScheduleTime), KubeTimes.parseOrNull(observed.getNextScheduleTime()));
    Instant next = nextChanged ? secondsOf(nextScheduleTime) : null;
    boolean clearNext = nextChanged && nextScheduleTime == null;
    Long observedGeneration =
        Objects.equals(generation, observed.getObservedGeneration()) ? null : generation;
    List<Condition> conditions = ready == null || sameCondition(ready) ? List.of() : List.of(ready);
    if (removedActiveUids.isEmpty()
        && successful == null
        && missed == null
        && !nextChanged
        && observedGeneration == null
        && conditions.isEmpty()) {
      return Optional.empty();
    }
    String id =
        RecordIds.of(
            "status",
            ref.uid(),
            String.join(",", removedActiveUids),
            String.valueOf(successful),
            String.valueOf(missed),
            String.valueOf(next),
            String.valueOf(clearNext),
            String.valueOf(observedGeneration),
            conditions.isEmpty() ? "" : ready.getStatus() + ready.getReason() + ready.getMessage());
    return Optional.of(
        new UpdateStatus(
            CronlogRecord.SCHEMA_VERSION,
            id,
            now,
            ref,
            removedActiveUids,
            successful,
            missed,
            next,
            clearNext,
            observedGeneration,
            conditions,
            null));
  }

  private boolean sameCondition(Condition wanted) {
    return observed.getConditions().stream()
        .anyMatch(
            c ->
                READY.equals(c.getType())
                    && Objects.equals(c.getStatus(), wanted.getStatus())
                    && Objects.equals(c.getReason(), wanted.getReason())
                    && Objects.equals(c.getMessage(), wanted.getMessage())
                    && Objects.equals(c.getObservedGeneration(), wanted.getObservedGeneration()));
  }

  private static Instant changed(Instant wanted, String observedText) {
    return wanted == null || wanted.equals(KubeTimes.parseOrNull(observedText)) ? null : wanted;
  }

  /** Kubernetes keeps times to the second; so do we, or every comparison would differ. */
  private static Instant secondsOf(Instant time) {
    return time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
  }
}
