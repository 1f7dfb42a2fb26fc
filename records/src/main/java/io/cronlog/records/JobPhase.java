package io.cronlog.records;

/** Where a Job stands, as the CronJob controller reads it from the Job's conditions. */
public enum JobPhase {
  /** No Complete or Failed condition is true yet. */
  ACTIVE,
  /** Condition Complete is true. */
  SUCCEEDED,
  /** Condition Failed is true. */
  FAILED
}
