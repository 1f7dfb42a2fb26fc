package io.cronlog.api;

import java.time.Instant;

/**
 * The identity of a run: a ScheduledJob and a scheduled time. Job names follow the batch/v1
 * rule ({@code <name>-<scheduled time in minutes since the epoch>}), so a run has one name and
 * can never be created twice.
 */
public final class Runs {

  /** Label on every Job we create: the ScheduledJob's name. */
  public static final String SCHEDULED_JOB_LABEL = "cronlog.io/scheduled-job";
  /** Annotation on every Job we create: the nominal time, RFC 3339 in the ScheduledJob's zone. */
  public static final String SCHEDULED_AT_ANNOTATION = "cronlog.io/scheduled-at";
  /** Annotation on a ScheduledJob: a new value asks for one manual run now. */
  public static final String TRIGGER_ANNOTATION = "cronlog.io/trigger";

  private Runs() {}

  /** The name of the Job for the run of {@code scheduledJobName} at {@code scheduledTime}. */
  public static String jobName(String scheduledJobName, Instant scheduledTime) {
    return scheduledJobName + "-" + Math.floorDiv(scheduledTime.getEpochSecond(), 60);
  }
}
