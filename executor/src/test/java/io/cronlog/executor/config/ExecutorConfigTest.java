package io.cronlog.executor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.executor.kube.RateLimit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorConfigTest {

  static final Map<String, String> MINIMAL = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");

  @Test
  void fillsInTheDocumentedDefaults() {
    ExecutorConfig config = ExecutorConfig.fromEnvironment(MINIMAL);

    assertThat(config.kafka().topics().commands()).isEqualTo("cronlog.commands");
    assertThat(config.kafka().topicSettings().partitions()).isEqualTo(6);
    assertThat(config.kafka().topicSettings().replicationFactor()).isEqualTo((short) 1);
    assertThat(config.groupId()).isEqualTo("cronlog-executor");
    assertThat(config.apiQps()).isEqualTo(20.0);
    assertThat(config.apiBurst()).isEqualTo(40);
    assertThat(config.eventQps()).isEqualTo(10.0);
    assertThat(config.eventBurst()).isEqualTo(25);
    assertThat(config.retry())
        .isEqualTo(new RetryPolicy(Duration.ofMillis(500), Duration.ofMinutes(1), 20));
    assertThat(config.maxClockSkew()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.workers()).isEqualTo(4);
    assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void readsEveryKey() {
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "k:1",
                "CRONLOG_TOPIC_PREFIX",
                "staging.",
                "CRONLOG_EXECUTOR_GROUP",
                "exec",
                "CRONLOG_EXECUTOR_API_QPS",
                "2.5",
                "CRONLOG_EXECUTOR_API_BURST",
                "5",
                "CRONLOG_EXECUTOR_RETRY_INITIAL_BACKOFF",
                "PT2S",
                "CRONLOG_EXECUTOR_RETRY_MAX_BACKOFF",
                "30",
                "CRONLOG_EXECUTOR_RETRY_MAX_ATTEMPTS",
                "4",
                "CRONLOG_MAX_CLOCK_SKEW",
                "PT10S",
                "CRONLOG_EXECUTOR_WORKERS",
                "8"));

    assertThat(config.kafka().topics().outcomes()).isEqualTo("staging.outcomes");
    assertThat(config.groupId()).isEqualTo("exec");
    assertThat(config.apiQps()).isEqualTo(2.5);
    assertThat(config.apiBurst()).isEqualTo(5);
    assertThat(config.retry())
        .isEqualTo(new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 4));
    assertThat(config.maxClockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.workers()).isEqualTo(8);
    assertThat(
            ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_SESSION_TIMEOUT", "PT20S"))
                .sessionTimeout())
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void hearsOfAKilledExecutorWithinItsSessionTimeoutAndHeartbeatsThreeTimesInIt() {
    Map<String, Object> props = ExecutorConfig.fromEnvironment(MINIMAL).consumerProperties();

    assertThat(props)
        .containsEntry("session.timeout.ms", 10_000)
        .containsEntry("heartbeat.interval.ms", 3_333);
  }

  @Test
  void fetchesAPartitionAHundredOrSoCommandsAtATimeSoThatBackloggedPartitionsTakeTurns() {
    Map<String, Object> props = ExecutorConfig.fromEnvironment(MINIMAL).consumerProperties();

    assertThat(props)
        .containsEntry("max.partition.fetch.bytes", 64 * 1024)
        .containsEntry("max.poll.records", 100);
  }

  @Test
  void consumesCooperativelyAndCommitsByHandOnlyCommittedRecords() {
    Map<String, Object> props = ExecutorConfig.fromEnvironment(MINIMAL).consumerProperties();

    assertThat(props)
        .containsEntry(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("group.id", "cronlog-executor")
        .containsEntry("bootstrap.servers", "kafka:9092");
  }

  @Test
  void writesOutcomesToEveryReplicaOnceAndWithoutADeadlineSoThatAnOutageLosesNone() {
    Map<String, Object> props = ExecutorConfig.fromEnvironment(MINIMAL).producerProperties();

    assertThat(props)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("delivery.timeout.ms", Integer.MAX_VALUE);
  }

  @Test
  void givesEventsABudgetApartFromTheOtherCalls() {
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "k:1",
                "CRONLOG_EXECUTOR_API_QPS",
                "30",
                "CRONLOG_EXECUTOR_API_BURST",
                "60",
                "CRONLOG_EXECUTOR_EVENT_QPS",
                "5",
                "CRONLOG_EXECUTOR_EVENT_BURST",
                "7"));

    assertThat(config.apiRateLimit()).isEqualTo(new RateLimit(30, 60));
    assertThat(config.eventRateLimit()).isEqualTo(new RateLimit(5, 7));
    assertThat(config.toString()).contains("eventQps=5.0", "eventBurst=7");
  }

  @Test
  void requiresTheBootstrapServers() {
    assertThatThrownBy(() -> ExecutorConfig.fromEnvironment(Map.of()))
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void namesTheKeyOfAnInvalidValue() {
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_API_QPS", "fast")))
        .hasMessageContaining("CRONLOG_EXECUTOR_API_QPS");
    assertThatThrownBy(() -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_API_QPS", "0")))
        .hasMessageContaining("CRONLOG_EXECUTOR_API_QPS");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_API_BURST", "0")))
        .hasMessageContaining("CRONLOG_EXECUTOR_API_BURST");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_EVENT_QPS", "often")))
        .hasMessageContaining("CRONLOG_EXECUTOR_EVENT_QPS");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_EVENT_QPS", "-1")))
        .hasMessageContaining("CRONLOG_EXECUTOR_EVENT_QPS");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_EVENT_QPS", "Infinity")))
        .hasMessageContaining("CRONLOG_EXECUTOR_EVENT_QPS");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_EVENT_BURST", "0")))
        .hasMessageContaining("CRONLOG_EXECUTOR_EVENT_BURST");
    assertThatThrownBy(() -> ExecutorConfig.fromEnvironment(with("CRONLOG_PARTITIONS", "six")))
        .hasMessageContaining("CRONLOG_PARTITIONS");
    assertThatThrownBy(
            () ->
                ExecutorConfig.fromEnvironment(
                    with("CRONLOG_EXECUTOR_RETRY_MAX_BACKOFF", "PT0.1S")))
        .hasMessageContaining("CRONLOG_EXECUTOR_RETRY_MAX_BACKOFF");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_RETRY_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("CRONLOG_EXECUTOR_RETRY_MAX_ATTEMPTS");
    assertThatThrownBy(() -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_WORKERS", "0")))
        .hasMessageContaining("CRONLOG_EXECUTOR_WORKERS");
    assertThatThrownBy(() -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_WORKERS", "65")))
        .hasMessageContaining("CRONLOG_EXECUTOR_WORKERS");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_EXECUTOR_SESSION_TIMEOUT", "PT5S")))
        .hasMessageContaining("CRONLOG_EXECUTOR_SESSION_TIMEOUT")
        .hasMessageContaining("broker's bounds");
  }

  @Test
  void stillReadsEveryRenamedKeyUnderItsOldName() {
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "k:1",
                "CRONLOG_API_QPS",
                "2.5",
                "CRONLOG_API_BURST",
                "5",
                "CRONLOG_EVENT_QPS",
                "3",
                "CRONLOG_EVENT_BURST",
                "6",
                "CRONLOG_RETRY_INITIAL_BACKOFF",
                "PT2S",
                "CRONLOG_RETRY_MAX_BACKOFF",
                "30",
                "CRONLOG_RETRY_MAX_ATTEMPTS",
                "4"));

    assertThat(config.apiRateLimit()).isEqualTo(new RateLimit(2.5, 5));
    assertThat(config.eventRateLimit()).isEqualTo(new RateLimit(3, 6));
    assertThat(config.retry())
        .isEqualTo(new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 4));
  }

  @Test
  void readsTheNewNameOfAKeyWhenTheOldIsSetToo() {
    ExecutorConfig config =
        ExecutorConfig.fromEnvironment(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "k:1",
                "CRONLOG_API_QPS",
                "2.5",
                "CRONLOG_EXECUTOR_API_QPS",
                "7"));

    assertThat(config.apiQps()).isEqualTo(7);
  }

  @Test
  void namesTheOldKeyOfAnInvalidValueSetUnderIt() {
    assertThatThrownBy(() -> ExecutorConfig.fromEnvironment(with("CRONLOG_API_QPS", "fast")))
        .hasMessageContaining("CRONLOG_API_QPS")
        .hasMessageContaining("CRONLOG_EXECUTOR_API_QPS");
    assertThatThrownBy(
            () -> ExecutorConfig.fromEnvironment(with("CRONLOG_RETRY_MAX_ATTEMPTS", "0")))
        .hasMessageContaining("CRONLOG_RETRY_MAX_ATTEMPTS")
        .hasMessageContaining("CRONLOG_EXECUTOR_RETRY_MAX_ATTEMPTS");
  }

  private static Map<String, String> with(String key, String value) {
    return Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", key, value);
  }
}
