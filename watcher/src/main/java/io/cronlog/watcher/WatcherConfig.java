package io.cronlog.watcher;

import io.cronlog.records.config.Env;
import io.cronlog.records.config.KafkaSettings;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The watcher's settings. {@code transactionalId} must stay the same across restarts: it is what
 * fences a watcher that lost its place but still runs.
 */
public record WatcherConfig(KafkaSettings kafka, Set<String> namespaces, String transactionalId,
    int queueCapacity, int maxRecordsPerTransaction) {

  public static final String NAMESPACES = "CRONLOG_NAMESPACES";
  public static final String TRANSACTIONAL_ID = "CRONLOG_WATCHER_TRANSACTIONAL_ID";
  public static final String QUEUE_CAPACITY = "CRONLOG_WATCHER_QUEUE_CAPACITY";
  public static final String MAX_BATCH = "CRONLOG_WATCHER_MAX_BATCH";

  public WatcherConfig {
    namespaces = Set.copyOf(namespaces);
  }

  /** Reads the settings from the environment. */
  public static WatcherConfig fromEnvironment(Map<String, String> environment) {
    Env env = new Env(environment);
    Set<String> namespaces = Arrays.stream(env.string(NAMESPACES, "").split(","))
        .map(String::trim).filter(ns -> !ns.isEmpty()).collect(Collectors.toSet());
    return new WatcherConfig(KafkaSettings.from(env), namespaces,
        env.string(TRANSACTIONAL_ID, "cronlog-watcher"),
        env.integer(QUEUE_CAPACITY, 10_000, 1),
        env.integer(MAX_BATCH, 500, 1));
  }

  /** True when every namespace is watched. */
  public boolean allNamespaces() {
    return namespaces.isEmpty();
  }

  @Override
  public String toString() {
    return "WatcherConfig{bootstrapServers=" + kafka.bootstrapServers() + ", topics=" + kafka.topics().prefix()
        + "*, namespaces=" + (allNamespaces() ? "all" : namespaces) + ", transactionalId=" + transactionalId
        + ", queueCapacity=" + queueCapacity + ", maxRecordsPerTransaction=" + maxRecordsPerTransaction + "}";
  }
}
