package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.KubeTimes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Edits of a ScheduledJob's status that are safe to apply twice: Jobs join and leave {@code active}
 * by uid, times only move forward, conditions are set by type. Each edit says whether it changed
 * anything, so that a redelivered command writes nothing.
 */
public final class StatusEdits {

  private StatusEdits() {}

  /** Adds {@code job} to {@code active} unless a reference with its uid is there. */
  public static boolean addActive(ScheduledJobStatus status, ObjectReference job) {
    if (status.getActive().stream().anyMatch(ref -> Objects.equals(ref.getUid(), job.getUid()))) {
      return false;
    }
    List<ObjectReference> active = new ArrayList<>(status.getActive());
    active.add(job);
    status.setActive(active);
    return true;
  }

  /** Removes the references with these uids, except those in {@code keep}. */
  public static boolean removeActive(
      ScheduledJobStatus status, Collection<String> uids, Set<String> keep) {
    List<ObjectReference> active = new ArrayList<>(status.getActive());
    boolean changed =
        active.removeIf(ref -> uids.contains(ref.getUid()) && !keep.contains(ref.getUid()));
    if (changed) {
      status.setActive(active);
    }
    return changed;
  }

  /** {@code lastScheduleTime = max(current, time)}. */
  public static boolean advanceLastScheduleTime(ScheduledJobStatus status, Instant time) {
    String next = later(status.getLastScheduleTime(), time);
    return set(next, status.getLastScheduleTime(), status::setLastScheduleTime);
  }

  /** {@code lastTrigger = trigger}: the manual run asked for by that value has been started. */
  public static boolean setLastTrigger(ScheduledJobStatus status, String trigger) {
    return set(trigger, status.getLastTrigger(), status::setLastTrigger);
  }

  /** {@code lastSuccessfulTime = max(current, time)}; null leaves it. */
  public static boolean advanceLastSuccessfulTime(ScheduledJobStatus status, Instant time) {
    String next = later(status.getLastSuccessfulTime(), time);
    return set(next, status.getLastSuccessfulTime(), status::setLastSuccessfulTime);
  }

  /** {@code lastMissedTime = max(current, time)}; null leaves it. */
  public static boolean advanceLastMissedTime(ScheduledJobStatus status, Instant time) {
    String next = later(status.getLastMissedTime(), time);
    return set(next, status.getLastMissedTime(), status::setLastMissedTime);
  }

  /**
   * Sets {@code nextScheduleTime}, which may move either way when the schedule changes; or clears
   * it.
   */
  public static boolean setNextScheduleTime(
      ScheduledJobStatus status, Instant time, boolean clear) {
    if (clear) {
      return set(null, status.getNextScheduleTime(), status::setNextScheduleTime);
    }
    return time != null
        && set(KubeTimes.format(time), status.getNextScheduleTime(), status::setNextScheduleTime);
  }

  /** {@code observedGeneration = max(current, generation)}; null leaves it. */
  public static boolean advanceObservedGeneration(ScheduledJobStatus status, Long generation) {
    Long current = status.getObservedGeneration();
    if (generation == null || (current != null && current >= generation)) {
      return false;
    }
    status.setObservedGeneration(generation);
    return true;
  }

  /**
   * Sets a condition by type. {@code lastTransitionTime} moves only when the condition's status
   * changes: to the command's time if it has one, else to {@code now}.
   */
  public static boolean setCondition(ScheduledJobStatus status, Condition wanted, Instant now) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Condition current =
        conditions.stream()
            .filter(c -> Objects.equals(c.getType(), wanted.getType()))
            .findFirst()
            .orElse(null);
    String transition =
        current != null && Objects.equals(current.getStatus(), wanted.getStatus())
            ? current.getLastTransitionTime()
            : (wanted.getLastTransitionTime() != null
                ? wanted.getLastTransitionTime()
                : KubeTimes.format(now));
    Condition next = new ConditionBuilder(wanted).withLastTransitionTime(transition).build();
    if (next.equals(current)) {
      return false;
    }
    if (current == null) {
      conditions.add(next);
    } else {
      conditions.set(conditions.indexOf(current), next);
    }
    status.setConditions(conditions);
    return true;
  }

  private static String later(String current, Instant time) {
    if (time == null) {
      return current;
    }
    Instant parsed = KubeTimes.parse(current);
    return parsed != null && !time.isAfter(parsed) ? current : KubeTimes.format(time);
  }

  private static boolean set(String next, String current, Consumer<String> setter) {
    if (Objects.equals(next, current)) {
      return false;
    }
    setter.accept(next);
    return true;
  }
}
