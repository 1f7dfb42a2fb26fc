package io.cronlog.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The observed state: the fields of a batch/v1 CronJob's status, plus conditions,
 * observedGeneration, nextScheduleTime, lastMissedTime and lastTrigger. Times are RFC 3339 strings,
 * as in every Kubernetes API object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduledJobStatus {

  @JsonPropertyDescription("References to the Jobs of this ScheduledJob that are running.")
  private List<ObjectReference> active = new ArrayList<>();

  @JsonPropertyDescription("The scheduled (nominal) time of the last run started.")
  private String lastScheduleTime;

  @JsonPropertyDescription("When the last successful run completed.")
  private String lastSuccessfulTime;

  @JsonPropertyDescription("The next time a run is due, or unset when none is.")
  private String nextScheduleTime;

  @JsonPropertyDescription("The last scheduled time that could not start before its deadline.")
  private String lastMissedTime;

  @JsonPropertyDescription(
      "The value of the cronlog.io/trigger annotation last acted upon (its manual run started).")
  private String lastTrigger;

  @JsonPropertyDescription("The generation of the spec this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, and why not when the spec is invalid.")
  private List<Condition> conditions = new ArrayList<>();

  /**
   * A copy that shares nothing mutable with this status, so that edits to either leave the other as
   * it was. Made field by field with the model's builders: the executor copies a cached status for
   * every run it starts, and a JSON round trip was a twelfth of a run's CPU there.
   */
  public ScheduledJobStatus deepCopy() {
    ScheduledJobStatus copy = new ScheduledJobStatus();
    copy.active = copies(active, ref -> new ObjectReferenceBuilder(ref).build());
    copy.lastScheduleTime = lastScheduleTime;
    copy.lastSuccessfulTime = lastSuccessfulTime;
    copy.nextScheduleTime = nextScheduleTime;
    copy.lastMissedTime = lastMissedTime;
    copy.lastTrigger = lastTrigger;
    copy.observedGeneration = observedGeneration;
    copy.conditions = copies(conditions, c -> new ConditionBuilder(c).build());
    return copy;
  }

  private static <T> List<T> copies(List<T> items, UnaryOperator<T> copy) {
    List<T> copies = new ArrayList<>(items.size());
    for (T item : items) {
      copies.add(item == null ? null : copy.apply(item));
    }
    return copies;
  }

  public List<ObjectReference> getActive() {
    return active;
  }

  public void setActive(List<ObjectReference> active) {
    this.active = active == null ? new ArrayList<>() : active;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String time) {
    this.lastScheduleTime = time;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String time) {
    this.lastSuccessfulTime = time;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String time) {
    this.nextScheduleTime = time;
  }

  public String getLastMissedTime() {
    return lastMissedTime;
  }

  public void setLastMissedTime(String time) {
    this.lastMissedTime = time;
  }

  public String getLastTrigger() {
    return lastTrigger;
  }

  public void setLastTrigger(String trigger) {
    this.lastTrigger = trigger;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long generation) {
    this.observedGeneration = generation;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScheduledJobStatus s
        && Objects.equals(active, s.active)
        && Objects.equals(lastScheduleTime, s.lastScheduleTime)
        && Objects.equals(lastSuccessfulTime, s.lastSuccessfulTime)
        && Objects.equals(nextScheduleTime, s.nextScheduleTime)
        && Objects.equals(lastMissedTime, s.lastMissedTime)
        && Objects.equals(lastTrigger, s.lastTrigger)
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        active,
        lastScheduleTime,
        lastSuccessfulTime,
        nextScheduleTime,
        lastMissedTime,
        lastTrigger,
        observedGeneration,
        conditions);
  }
}
