package io.cronlog.cli.dev;

import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.testsupport.KafkaFixture;
import io.cronlog.watcher.WatcherConfig;
import java.util.Map;

/**
 * The services' environment for a test: the test's broker, and topics, groups and ids of its own.
 */
public final class ServiceEnvironment {

  private ServiceEnvironment() {}

  /** Three partitions a topic, every name prefixed with the test's topic prefix. */
  public static Map<String, String> of(KafkaFixture kafka) {
    return Map.of(
        KafkaSettings.BOOTSTRAP_SERVERS,
        kafka.bootstrapServers(),
        KafkaSettings.TOPIC_PREFIX,
        kafka.topicPrefix(),
        KafkaSettings.PARTITIONS,
        "3",
        WatcherConfig.TRANSACTIONAL_ID,
        kafka.topicPrefix() + "watcher",
        SchedulerConfig.GROUP_ID,
        kafka.topicPrefix() + "scheduler",
        ExecutorConfig.GROUP,
        kafka.topicPrefix() + "executor");
  }
}
