package io.cronlog.audit.analyze;

/** What became of one scheduled time, or of one run asked for by hand. */
public enum Fate {
  /** Its Job was created by the executor. */
  CREATED("Job created"),
  /** Its Job existed already and the executor adopted it (a crash between create and status). */
  ADOPTED("Job adopted"),
  /** The executor found the run already started (its Job may since be gone to a history limit). */
  ALREADY_DONE("already started"),
  /** Not started: a run was still active and the concurrency policy is Forbid. */
  SKIPPED_FORBID("skipped by Forbid"),
  /**
   * Not started: its startingDeadlineSeconds had passed when it could start (reported
   * MissSchedule).
   */
  MISSED_DEADLINE("missed past its deadline"),
  /**
   * Never considered: a later time was due by the time cronlog looked, and only the most recent
   * runs.
   */
  SUPERSEDED("superseded"),
  /** The executor refused the command for it. */
  REFUSED("refused"),
  /** The executor gave up on the command for it. */
  FAILED("failed"),
  /** Commanded, but no outcome and no Job: the command was never carried out. */
  NO_OUTCOME("commanded, never carried out"),
  /** Due, and nothing recorded why it did not run. */
  MISSED("MISSED"),
  /** Too recent to judge: its Job may still be on its way. */
  PENDING("pending"),
  /** Moot: the ScheduledJob was deleted before the command could act. */
  MOOT("moot, the ScheduledJob was deleted");

  private final String text;

  Fate(String text) {
    this.text = text;
  }

  /** A few words for a person. */
  public String text() {
    return text;
  }

  /** Whether the run did not start for a reason the Kubernetes rules accept. */
  public boolean allowedByTheRules() {
    return this == SKIPPED_FORBID || this == MISSED_DEADLINE || this == SUPERSEDED || this == MOOT;
  }

  /** Whether the run started (a Job exists or existed for it). */
  public boolean ran() {
    return this == CREATED || this == ADOPTED || this == ALREADY_DONE;
  }
}
