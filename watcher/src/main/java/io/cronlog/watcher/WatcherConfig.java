package io.cronlog.watcher;

import io.cronlog.runtime.config.Env;
import io.cronlog.runtime.config.KafkaSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The watcher's settings. {@code transactionalId} must stay the same across restarts and replicas:
 * it is what fences a watcher that lost its place but still runs. {@code queueCapacity}
 * observations wait to be published; when the queue stays full for {@code queueFullTimeout} (Kafka
 * away), the watcher stops queueing and lists the cluster again once it has published what it
 * queued. {@code publishTimeout} bounds each wait of the producer for Kafka (its start, a send, a
 * delivery, a commit); a call that times out closes that producer before the next is made.
 */
public record WatcherConfig(
    KafkaSettings kafka,
    Set<String> namespaces,
    String transactionalId,
    int queueCapacity,
    Duration queueFullTimeout,
    int maxRecordsPerTransaction,
    Duration publishTimeout,
    Lease lease) {

  public static final String NAMESPACES = "CRONLOG_WATCHER_NAMESPACES";

  /**
   * The names keys had before they took the watcher's name, by new name: still read, with a
   * warning, for one release.
   */
  static final Map<String, String> OLD_NAMES = Map.of(NAMESPACES, "CRONLOG_NAMESPACES");

  public static final String TRANSACTIONAL_ID = "CRONLOG_WATCHER_TRANSACTIONAL_ID";
  public static final String QUEUE_CAPACITY = "CRONLOG_WATCHER_QUEUE_CAPACITY";
  public static final String QUEUE_FULL_TIMEOUT = "CRONLOG_WATCHER_QUEUE_FULL_TIMEOUT";
  public static final String MAX_BATCH = "CRONLOG_WATCHER_MAX_BATCH";
  public static final String PUBLISH_TIMEOUT = "CRONLOG_WATCHER_PUBLISH_TIMEOUT";
  public static final String LEASE_NAME = "CRONLOG_WATCHER_LEASE_NAME";
  public static final String LEASE_NAMESPACE = "CRONLOG_WATCHER_LEASE_NAMESPACE";

  /** The Lease the watchers campaign for unless {@link #LEASE_NAME} says otherwise. */
  public static final String DEFAULT_LEASE_NAME = "cronlog-watcher";

  public static final String LEASE_IDENTITY = "CRONLOG_WATCHER_LEASE_IDENTITY";
  public static final String LEASE_DURATION = "CRONLOG_WATCHER_LEASE_DURATION";
  public static final String LEASE_RENEW_DEADLINE = "CRONLOG_WATCHER_LEASE_RENEW_DEADLINE";
  public static final String LEASE_RETRY_PERIOD = "CRONLOG_WATCHER_LEASE_RETRY_PERIOD";

  public WatcherConfig {
    namespaces = Set.copyOf(namespaces);
    // Kafka's request timeout is half of it, and must be at least a little over the linger time.
    if (publishTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          PUBLISH_TIMEOUT + " must be at least PT1S, was " + publishTimeout);
    }
  }

  /**
   * The Lease that elects the one publishing watcher. {@code namespace} null means the Kubernetes
   * client's namespace (in a pod, its own). The timings are Kubernetes' own defaults for its
   * controllers: a leader that cannot renew for {@code renewDeadline} steps down, before any other
   * candidate may take a lease last renewed {@code duration} ago.
   */
  public record Lease(
      String name,
      String namespace,
      String identity,
      Duration duration,
      Duration renewDeadline,
      Duration retryPeriod) {
    public Lease {
      if (renewDeadline.compareTo(duration) >= 0) {
        throw new IllegalArgumentException(
            LEASE_RENEW_DEADLINE
                + " must be shorter than "
                + LEASE_DURATION
                + ", was "
                + renewDeadline
                + " >= "
                + duration);
      }
      if (retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException(
            LEASE_RETRY_PERIOD
                + " must be shorter than "
                + LEASE_RENEW_DEADLINE
                + ", was "
                + retryPeriod
                + " >= "
                + renewDeadline);
      }
    }
  }

  /** Reads the settings from the environment. */
  public static WatcherConfig fromEnvironment(Map<String, String> environment) {
    Env env = new Env(environment).withOldNames(OLD_NAMES);
    Set<String> namespaces =
        Arrays.stream(env.string(NAMESPACES, "").split(","))
            .map(String::trim)
            .filter(ns -> !ns.isEmpty())
            .collect(Collectors.toSet());
    // A pod's HOSTNAME is its name; outside a pod a random identity is still unique.
    String identity =
        env.string(LEASE_IDENTITY, env.string("HOSTNAME", "cronlog-watcher-" + UUID.randomUUID()));
    Lease lease =
        new Lease(
            env.string(LEASE_NAME, DEFAULT_LEASE_NAME),
            env.string(LEASE_NAMESPACE, null),
            identity,
            env.duration(LEASE_DURATION, Duration.ofSeconds(15)),
            env.duration(LEASE_RENEW_DEADLINE, Duration.ofSeconds(10)),
            env.duration(LEASE_RETRY_PERIOD, Duration.ofSeconds(2)));
    return new WatcherConfig(
        KafkaSettings.from(env),
        namespaces,
        env.string(TRANSACTIONAL_ID, "cronlog-watcher"),
        env.integer(QUEUE_CAPACITY, 10_000, 1),
        env.duration(QUEUE_FULL_TIMEOUT, Duration.ofSeconds(10)),
        env.integer(MAX_BATCH, 500, 1),
        env.duration(PUBLISH_TIMEOUT, Duration.ofSeconds(30)),
        lease);
  }

  /** True when every namespace is watched. */
  public boolean allNamespaces() {
    return namespaces.isEmpty();
  }

  @Override
  public String toString() {
    return "WatcherConfig{bootstrapServers="
        + kafka.bootstrapServers()
        + ", topics="
        + kafka.topics().prefix()
        + "*, security="
        + kafka.security()
        + ", namespaces="
        + (allNamespaces() ? "all" : namespaces)
        + ", transactionalId="
        + transactionalId
        + ", queueCapacity="
        + queueCapacity
        + ", queueFullTimeout="
        + queueFullTimeout
        + ", maxRecordsPerTransaction="
        + maxRecordsPerTransaction
        + ", publishTimeout="
        + publishTimeout
        + ", lease="
        + lease
        + "}";
  }
}
