package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.executor.kube.RateLimit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesTest {

  static final Map<String, String> KAFKA = Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");

  @Test
  void theExecutorOfDevGetsRateLimitsFitForAnApiInTheSameProcess() {
    ExecutorConfig config = ExecutorConfig.fromEnvironment(Services.withDevRateLimits(KAFKA));

    assertThat(config.apiRateLimit()).isEqualTo(new RateLimit(500, 1000));
    assertThat(config.eventRateLimit()).isEqualTo(new RateLimit(200, 400));
    assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
  }

  @Test
  void aRateLimitTheEnvironmentSetsIsKept() {
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Services.withDevRateLimits(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    "localhost:9092",
                    "CRONLOG_EXECUTOR_API_QPS",
                    "20",
                    "CRONLOG_EXECUTOR_EVENT_BURST",
                    "25")));

    assertThat(config.apiRateLimit()).isEqualTo(new RateLimit(20, 1000));
    assertThat(config.eventRateLimit()).isEqualTo(new RateLimit(200, 25));
  }

  @Test
  void aRateLimitTheEnvironmentSetsUnderItsOldNameIsKept() {
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Services.withDevRateLimits(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    "localhost:9092",
                    "CRONLOG_API_QPS",
                    "20",
                    "CRONLOG_EVENT_BURST",
                    "25")));

    assertThat(config.apiRateLimit()).isEqualTo(new RateLimit(20, 1000));
    assertThat(config.eventRateLimit()).isEqualTo(new RateLimit(200, 25));
  }
}
