package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerConfigTest {

  static final Map<String, String> KAFKA = Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");

  private static SchedulerConfig with(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(KAFKA);
    env.putAll(more);
    return SchedulerConfig.fromEnvironment(env);
  }

  @Test
  void allowsPeersTheSameClockSkewAsTheExecutorByDefault() {
    assertThat(with(Map.of()).maxClockSkew()).isEqualTo(Duration.ofMinutes(1));
    assertThat(with(Map.of("CRONLOG_MAX_CLOCK_SKEW", "PT3M")).maxClockSkew())
        .isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void refusesANegativeClockSkewNamingTheKey() {
    assertThatThrownBy(() -> with(Map.of("CRONLOG_MAX_CLOCK_SKEW", "-PT1M")))
        .hasMessageContaining("CRONLOG_MAX_CLOCK_SKEW");
  }

  @Test
  void decidesOnOneThreadPerCoreUpToFourByDefault() {
    assertThat(with(Map.of()).decisionThreads())
        .isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
    assertThat(with(Map.of("CRONLOG_SCHEDULER_DECISION_THREADS", "6")).decisionThreads())
        .isEqualTo(6);
  }

  @Test
  void refusesFewerThanOneDecisionThreadNamingTheKey() {
    assertThatThrownBy(() -> with(Map.of("CRONLOG_SCHEDULER_DECISION_THREADS", "0")))
        .hasMessageContaining("CRONLOG_SCHEDULER_DECISION_THREADS");
  }
}
