package io.cronlog.audit.history;

import io.cronlog.audit.read.RecordRef;
import io.cronlog.records.JobPhase;
import java.time.Instant;

/**
 * One Job controlled by a ScheduledJob, as its events showed it over time. Mutable while the trail
 * is read; owned by the thread reading it.
 */
public final class JobFacts {

  final String uid;
  final String name;
  final String controllerUid;

  /**
   * The {@code cronlog.io/scheduled-at} annotation: the run's scheduled time; null on a Job not
   * ours.
   */
  final Instant scheduledAt;

  /** The {@code cronlog.io/trigger} annotation of a manual run's Job; else null. */
  final String trigger;

  Instant created;
  RecordRef firstSeen;
  Instant started;
  Instant finished;
  JobPhase phase = JobPhase.ACTIVE;
  RecordRef finishedRef;
  Instant deleted;
  RecordRef deletedRef;

  JobFacts(String uid, String name, String controllerUid, Instant scheduledAt, String trigger) {
    this.uid = uid;
    this.name = name;
    this.controllerUid = controllerUid;
    this.scheduledAt = scheduledAt;
    this.trigger = trigger;
  }

  public String uid() {
    return uid;
  }

  public String name() {
    return name;
  }

  public String controllerUid() {
    return controllerUid;
  }

  public Instant scheduledAt() {
    return scheduledAt;
  }

  public String trigger() {
    return trigger;
  }

  /** The API's creationTimestamp (whole seconds). */
  public Instant created() {
    return created;
  }

  public RecordRef firstSeen() {
    return firstSeen;
  }

  public Instant started() {
    return started;
  }

  public Instant finished() {
    return finished;
  }

  public JobPhase phase() {
    return phase;
  }

  public RecordRef finishedRef() {
    return finishedRef;
  }

  /** When the watcher saw it deleted; null while it exists. */
  public Instant deleted() {
    return deleted;
  }

  public RecordRef deletedRef() {
    return deletedRef;
  }
}
