package io.cronlog.scheduler.decide;

import io.cronlog.api.ConcurrencyPolicy;
import java.time.Instant;
import java.util.List;

/**
 * One row of {@link ControllerSyncTableTest}, its fields named as in the reference's table: the
 * ScheduledJob's spec, its previous run, the time, then what must come of it. A field a row does
 * not set keeps the reference's zero value (false, no deadline, no Events); {@code expectActive}
 * must be set.
 */
final class ControllerSyncRow {

  /** What the job the row starts from looks like. */
  enum Previous {
    /** The ScheduledJob never ran. */
    NEVER,
    /** It ran once and that Job has completed. */
    DONE,
    /** It ran once and that Job is still running, in status.active and observed. */
    ACTIVE,
    /**
     * That Job is in status.active but the observed state does not show it yet (slow Job watch).
     */
    ACTIVE_NOT_OBSERVED,
    /** That Job is observed but status.active does not list it yet (slow ScheduledJob watch). */
    OBSERVED_NOT_ACTIVE
  }

  final String name;
  String fix;
  ConcurrencyPolicy concurrencyPolicy;
  boolean suspend;
  String schedule;
  String timeZone;
  Long deadline;
  boolean ranPreviously;
  boolean stillActive;
  boolean jobStillNotFoundInLister;
  boolean jobPresentInActiveStatus = true;
  Instant jobCreationTime;
  Instant now;
  boolean expectCreate;
  boolean expectDelete;
  Integer expectActive;
  List<String> expectedEvents = List.of();
  boolean expectRequeueAfter;

  ControllerSyncRow(String name) {
    this.name = name;
  }

  /** One of our deliberate differences changes this row: the number in docs/differences.md. */
  ControllerSyncRow differs(String fix) {
    this.fix = fix;
    return this;
  }

  ControllerSyncRow concurrencyPolicy(ConcurrencyPolicy policy) {
    this.concurrencyPolicy = policy;
    return this;
  }

  ControllerSyncRow suspend() {
    this.suspend = true;
    return this;
  }

  ControllerSyncRow schedule(String schedule) {
    this.schedule = schedule;
    return this;
  }

  ControllerSyncRow timeZone(String timeZone) {
    this.timeZone = timeZone;
    return this;
  }

  /** startingDeadlineSeconds. */
  ControllerSyncRow deadline(long seconds) {
    this.deadline = seconds;
    return this;
  }

  /**
   * The ScheduledJob ran once, at the prior hour; that Job completed unless {@link #stillActive()}.
   */
  ControllerSyncRow ranPreviously() {
    this.ranPreviously = true;
    return this;
  }

  /** That Job still runs: in status.active and observed. */
  ControllerSyncRow stillActive() {
    this.stillActive = true;
    return this;
  }

  /** That Job is in status.active but the observed state does not show it yet (slow Job watch). */
  ControllerSyncRow jobStillNotFoundInLister() {
    this.jobStillNotFoundInLister = true;
    return this;
  }

  /**
   * That Job is observed but status.active does not list it yet (slow ScheduledJob watch): the
   * reference's {@code jobPresentInCJActiveStatus: false}.
   */
  ControllerSyncRow jobNotPresentInActiveStatus() {
    this.jobPresentInActiveStatus = false;
    return this;
  }

  /** When the previous run's Job was created. */
  ControllerSyncRow jobCreationTime(Instant time) {
    this.jobCreationTime = time;
    return this;
  }

  ControllerSyncRow now(Instant now) {
    this.now = now;
    return this;
  }

  /** The decision creates a Job. */
  ControllerSyncRow expectCreate() {
    this.expectCreate = true;
    return this;
  }

  /** The decision deletes a Job. */
  ControllerSyncRow expectDelete() {
    this.expectDelete = true;
    return this;
  }

  /** The size of status.active once the executor has carried the decision out. */
  ControllerSyncRow expectActive(int active) {
    this.expectActive = active;
    return this;
  }

  /**
   * The Events the decision itself records, as "type reason"; the reference counts its warnings
   * ({@code expectedWarnings}).
   */
  ControllerSyncRow expectedEvents(List<String> events) {
    this.expectedEvents = events;
    return this;
  }

  /** The decision wakes the ScheduledJob at its next scheduled time. */
  ControllerSyncRow expectRequeueAfter() {
    this.expectRequeueAfter = true;
    return this;
  }

  /** What the job the row starts from looks like, from the reference's flags. */
  Previous previous() {
    if (!ranPreviously) {
      if (stillActive) {
        throw new IllegalStateException(name + ": test setup error: still active but never ran");
      }
      return Previous.NEVER;
    }
    if (!stillActive) {
      return Previous.DONE;
    }
    if (jobStillNotFoundInLister) {
      if (!jobPresentInActiveStatus) {
        throw new IllegalStateException(
            name + ": test setup error: a Job neither observed nor active");
      }
      return Previous.ACTIVE_NOT_OBSERVED;
    }
    return jobPresentInActiveStatus ? Previous.ACTIVE : Previous.OBSERVED_NOT_ACTIVE;
  }

  /** Fails on a row that leaves out what every row of the reference states. */
  ControllerSyncRow checked() {
    for (Object required :
        new Object[] {concurrencyPolicy, schedule, jobCreationTime, now, expectActive}) {
      if (required == null) {
        throw new IllegalStateException(
            name
                + ": test setup error: the policy, the schedule, the times"
                + " and expectActive must be set");
      }
    }
    return this;
  }

  @Override
  public String toString() {
    return name + (fix == null ? "" : " [differs: " + fix + "]");
  }
}
