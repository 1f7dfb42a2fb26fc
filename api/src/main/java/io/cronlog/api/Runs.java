package io.cronlog.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * The identity of a run: a ScheduledJob and a scheduled time. Job names follow the batch/v1 rule
 * ({@code <name>-<scheduled time in minutes since the epoch>}), so a run has one name and can never
 * be created twice.
 */
public final class Runs {

  /** Label on every Job we create: the ScheduledJob's name. */
  public static final String SCHEDULED_JOB_LABEL = "cronlog.io/scheduled-job";

  /** Annotation on every Job we create: the nominal time, RFC 3339 in the ScheduledJob's zone. */
  public static final String SCHEDULED_AT_ANNOTATION = "cronlog.io/scheduled-at";

  /** Annotation on a ScheduledJob: a new value asks for one manual run now. */
  public static final String TRIGGER_ANNOTATION = "cronlog.io/trigger";

  /** The longest Job name: Kubernetes copies it into the {@code job-name} label of each Pod. */
  public static final int MAX_JOB_NAME = 63;

  private Runs() {}

  /**
   * The value of {@code scheduledJob}'s trigger annotation that no run has acted upon yet (it is
   * not {@code status.lastTrigger}), or null when no manual run is asked for.
   */
  public static String pendingTrigger(ScheduledJob scheduledJob) {
    Map<String, String> annotations = scheduledJob.getMetadata().getAnnotations();
    String trigger = annotations == null ? null : annotations.get(TRIGGER_ANNOTATION);
    if (trigger == null || trigger.isBlank()) {
      return null;
    }
    String last =
        scheduledJob.getStatus() == null ? null : scheduledJob.getStatus().getLastTrigger();
    return trigger.equals(last) ? null : trigger;
  }

  /** The name of the Job for the run of {@code scheduledJobName} at {@code scheduledTime}. */
  public static String jobName(String scheduledJobName, Instant scheduledTime) {
    return scheduledJobName + "-" + Math.floorDiv(scheduledTime.getEpochSecond(), 60);
  }

  /**
   * The name of the Job of a manual run: {@code <name>-<minutes of the request>-m<hash of the
   * trigger value>}. The {@code -m<hash>} part means it can never be the name of a scheduled run,
   * and the hash makes two requests in the same minute two Jobs. A long ScheduledJob name is cut so
   * that the whole stays within {@value #MAX_JOB_NAME} characters.
   */
  public static String manualJobName(String scheduledJobName, Instant requestedAt, String trigger) {
    String suffix =
        "-" + Math.floorDiv(requestedAt.getEpochSecond(), 60) + "-m" + triggerHash(trigger);
    int room = MAX_JOB_NAME - suffix.length();
    String base =
        scheduledJobName.length() > room ? scheduledJobName.substring(0, room) : scheduledJobName;
    return base + suffix;
  }

  /** Seven hex digits of the SHA-256 of a trigger value: short, and stable across JVMs. */
  public static String triggerHash(String trigger) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(trigger.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 7);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
