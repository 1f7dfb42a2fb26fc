package io.cronlog.scheduler;

import io.cronlog.records.config.Env;
import io.cronlog.records.config.KafkaSettings;
import java.time.Duration;
import java.util.Map;

/** The scheduler's settings. */
public record SchedulerConfig(KafkaSettings kafka, String groupId, Duration safetyCheckInterval,
    int timerThreads) {

  public static final String GROUP_ID = "CRONLOG_SCHEDULER_GROUP";
  public static final String SAFETY_CHECK_INTERVAL = "CRONLOG_SCHEDULER_SAFETY_CHECK";
  public static final String TIMER_THREADS = "CRONLOG_SCHEDULER_TIMER_THREADS";

  /** Reads the settings from the environment. */
  public static SchedulerConfig fromEnvironment(Map<String, String> environment) {
    Env env = new Env(environment);
    return new SchedulerConfig(KafkaSettings.from(env), env.string(GROUP_ID, "cronlog-scheduler"),
        env.duration(SAFETY_CHECK_INTERVAL, Duration.ofSeconds(30)), env.integer(TIMER_THREADS, 2, 1));
  }

  @Override
  public String toString() {
    return "SchedulerConfig{bootstrapServers=" + kafka.bootstrapServers() + ", topics=" + kafka.topics().prefix()
        + "*, security=" + kafka.security() + ", groupId=" + groupId + ", safetyCheckInterval=" + safetyCheckInterval + ", timerThreads="
        + timerThreads + "}";
  }
}
