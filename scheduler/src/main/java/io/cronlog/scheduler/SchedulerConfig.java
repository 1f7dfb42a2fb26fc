package io.cronlog.scheduler;

import io.cronlog.runtime.config.Env;
import io.cronlog.runtime.config.KafkaSettings;
import java.time.Duration;
import java.util.Map;

/**
 * The scheduler's settings.
 *
 * @param maxClockSkew how far another scheduler's clock may run ahead of ours: a command found at
 *     restore stamped further ahead is no scheduler's, and is not taken as published
 * @param decisionThreads how many threads decide, each for the ScheduledJobs whose key hashes to it
 */
public record SchedulerConfig(
    KafkaSettings kafka,
    String groupId,
    Duration safetyCheckInterval,
    int timerThreads,
    Duration maxClockSkew,
    int decisionThreads) {

  public static final String GROUP_ID = "CRONLOG_SCHEDULER_GROUP";

  /** The consumer group of the schedulers unless {@link #GROUP_ID} says otherwise. */
  public static final String DEFAULT_GROUP = "cronlog-scheduler";

  public static final String SAFETY_CHECK_INTERVAL = "CRONLOG_SCHEDULER_SAFETY_CHECK";
  public static final String TIMER_THREADS = "CRONLOG_SCHEDULER_TIMER_THREADS";

  /**
   * The same key, and meaning, as the executor's: the clock skew tolerated between cronlog's
   * services.
   */
  public static final String MAX_CLOCK_SKEW = "CRONLOG_MAX_CLOCK_SKEW";

  public static final String DECISION_THREADS = "CRONLOG_SCHEDULER_DECISION_THREADS";

  /**
   * One decision thread per core, up to four: a decision is CPU work alone (sending is another
   * thread's), so threads beyond the cores only queue.
   */
  static final int DEFAULT_DECISION_THREADS =
      Math.min(4, Runtime.getRuntime().availableProcessors());

  public SchedulerConfig {
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException(
          MAX_CLOCK_SKEW + " must not be negative, was " + maxClockSkew);
    }
    if (decisionThreads < 1) {
      throw new IllegalArgumentException(
          DECISION_THREADS + " must be at least 1, was " + decisionThreads);
    }
  }

  /** Reads the settings from the environment. */
  public static SchedulerConfig fromEnvironment(Map<String, String> environment) {
    Env env = new Env(environment);
    return new SchedulerConfig(
        KafkaSettings.from(env),
        env.string(GROUP_ID, DEFAULT_GROUP),
        env.duration(SAFETY_CHECK_INTERVAL, Duration.ofSeconds(30)),
        env.integer(TIMER_THREADS, 2, 1),
        env.duration(MAX_CLOCK_SKEW, Duration.ofMinutes(1)),
        env.integer(DECISION_THREADS, DEFAULT_DECISION_THREADS, 1));
  }

  @Override
  public String toString() {
    return "SchedulerConfig{bootstrapServers="
        + kafka.bootstrapServers()
        + ", topics="
        + kafka.topics().prefix()
        + "*, security="
        + kafka.security()
        + ", groupId="
        + groupId
        + ", safetyCheckInterval="
        + safetyCheckInterval
        + ", timerThreads="
        + timerThreads
        + ", maxClockSkew="
        + maxClockSkew
        + ", decisionThreads="
        + decisionThreads
        + "}";
  }
}
