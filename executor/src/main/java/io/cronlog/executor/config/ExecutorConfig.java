package io.cronlog.executor.config;

import io.cronlog.executor.kube.RateLimit;
import io.cronlog.runtime.config.Env;
import io.cronlog.runtime.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;

/**
 * The executor's settings, read once from the environment at start.
 *
 * @param kafka where Kafka is and how the topics are named and made
 * @param groupId the consumer group that the executors share on {@code cronlog.commands}
 * @param apiQps the steady rate of Kubernetes API calls this executor may make, per second
 * @param apiBurst how many API calls may go at once after a quiet spell
 * @param eventQps the steady rate of Events this executor may create, per second, apart from {@code
 *     apiQps}
 * @param eventBurst how many Events may go at once after a quiet spell
 * @param retry how a command that failed for a transient reason is tried again
 * @param maxClockSkew how far in the future a scheduled time may lie and still be accepted
 * @param workers how many ScheduledJobs' commands one executor acts on at once
 * @param sessionTimeout how long the group waits for an executor that stopped answering (killed,
 *     frozen, cut off) before its partitions go to the others
 */
public record ExecutorConfig(
    KafkaSettings kafka,
    String groupId,
    double apiQps,
    int apiBurst,
    double eventQps,
    int eventBurst,
    RetryPolicy retry,
    Duration maxClockSkew,
    int workers,
    Duration sessionTimeout) {

  public static final String GROUP = "CRONLOG_EXECUTOR_GROUP";

  /** The consumer group of the executors unless {@link #GROUP} says otherwise. */
  public static final String DEFAULT_GROUP = "cronlog-executor";

  public static final String API_QPS = "CRONLOG_EXECUTOR_API_QPS";
  public static final String API_BURST = "CRONLOG_EXECUTOR_API_BURST";
  public static final String EVENT_QPS = "CRONLOG_EXECUTOR_EVENT_QPS";
  public static final String EVENT_BURST = "CRONLOG_EXECUTOR_EVENT_BURST";
  public static final String RETRY_INITIAL_BACKOFF = "CRONLOG_EXECUTOR_RETRY_INITIAL_BACKOFF";
  public static final String RETRY_MAX_BACKOFF = "CRONLOG_EXECUTOR_RETRY_MAX_BACKOFF";
  public static final String RETRY_MAX_ATTEMPTS = "CRONLOG_EXECUTOR_RETRY_MAX_ATTEMPTS";

  /**
   * The names these keys had before they took the executor's name (only the executor reads them),
   * by new name: still read, with a warning, for one release.
   */
  public static final Map<String, String> OLD_NAMES =
      Map.of(
          API_QPS,
          "CRONLOG_API_QPS",
          API_BURST,
          "CRONLOG_API_BURST",
          EVENT_QPS,
          "CRONLOG_EVENT_QPS",
          EVENT_BURST,
          "CRONLOG_EVENT_BURST",
          RETRY_INITIAL_BACKOFF,
          "CRONLOG_RETRY_INITIAL_BACKOFF",
          RETRY_MAX_BACKOFF,
          "CRONLOG_RETRY_MAX_BACKOFF",
          RETRY_MAX_ATTEMPTS,
          "CRONLOG_RETRY_MAX_ATTEMPTS");

  public static final String MAX_CLOCK_SKEW = "CRONLOG_MAX_CLOCK_SKEW";
  public static final String WORKERS = "CRONLOG_EXECUTOR_WORKERS";
  public static final String SESSION_TIMEOUT = "CRONLOG_EXECUTOR_SESSION_TIMEOUT";

  /**
   * The broker's default bounds of a classic group's session timeout
   * (group.min/max.session.timeout.ms).
   */
  static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);

  static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

  /** The most workers allowed: each holds a connection and its share of the API rate. */
  static final int MAX_WORKERS = 64;

  static final int DEFAULT_WORKERS = 4;

  public ExecutorConfig {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException(GROUP + " must not be blank");
    }
    if (!(apiQps > 0) || Double.isInfinite(apiQps)) {
      throw new IllegalArgumentException(API_QPS + " must be a positive number, was " + apiQps);
    }
    if (apiBurst < 1) {
      throw new IllegalArgumentException(API_BURST + " must be at least 1, was " + apiBurst);
    }
    if (!(eventQps > 0) || Double.isInfinite(eventQps)) {
      throw new IllegalArgumentException(EVENT_QPS + " must be a positive number, was " + eventQps);
    }
    if (eventBurst < 1) {
      throw new IllegalArgumentException(EVENT_BURST + " must be at least 1, was " + eventBurst);
    }
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException(
          MAX_CLOCK_SKEW + " must not be negative, was " + maxClockSkew);
    }
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException(
          WORKERS + " must be between 1 and " + MAX_WORKERS + ", was " + workers);
    }
    if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0
        || sessionTimeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          SESSION_TIMEOUT
              + " must be between "
              + MIN_SESSION_TIMEOUT
              + " and "
              + MAX_SESSION_TIMEOUT
              + " (the broker's bounds), was "
              + sessionTimeout);
    }
  }

  /** Reads the settings from the environment; a bad value fails with the key's name. */
  public static ExecutorConfig fromEnvironment(Map<String, String> environment) {
    Env env = new Env(environment).withOldNames(OLD_NAMES);
    return new ExecutorConfig(
        KafkaSettings.from(env),
        env.string(GROUP, DEFAULT_GROUP),
        env.decimal(API_QPS, 20),
        env.integer(API_BURST, 40, 1),
        // 25 is the burst of the Kubernetes event recorder's own limit.
        env.decimal(EVENT_QPS, 10),
        env.integer(EVENT_BURST, 25, 1),
        RetryPolicy.of(
            RETRY_INITIAL_BACKOFF,
            env.duration(RETRY_INITIAL_BACKOFF, Duration.ofMillis(500)),
            RETRY_MAX_BACKOFF,
            env.duration(RETRY_MAX_BACKOFF, Duration.ofMinutes(1)),
            env.integer(RETRY_MAX_ATTEMPTS, 20, 1)),
        env.duration(MAX_CLOCK_SKEW, Duration.ofMinutes(1)),
        env.integer(WORKERS, DEFAULT_WORKERS, 1),
        env.duration(SESSION_TIMEOUT, Duration.ofSeconds(10)));
  }

  /** The budget of every Kubernetes API call but Events. */
  public RateLimit apiRateLimit() {
    return new RateLimit(apiQps, apiBurst);
  }

  /** The budget of Events, apart from {@link #apiRateLimit()}. */
  public RateLimit eventRateLimit() {
    return new RateLimit(eventQps, eventBurst);
  }

  /** Properties of the commands consumer; deserializers are given to its constructor. */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // A rebalance takes away only the partitions that move; the others keep being acted on.
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // Offsets are committed after the command was acted on and its outcome written: at least once.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The watcher writes its RecordEvent commands in transactions (the scheduler does not): one
    // from an aborted transaction, whose record was never published, must never be acted on.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    // A new group acts on the commands already waiting rather than skipping them.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Each command costs a few rate-limited API calls; a batch must finish well inside
    // max.poll.interval.ms even at the default 20 calls per second.
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    // The consumer hands out one partition's fetched records before the next's. With Kafka's 1 MB
    // per partition (thousands of commands), an executor given several partitions with a backlog
    // (after a rebalance) worked through one for minutes while the others waited; 64 KB (about a
    // hundred commands) takes them in turns.
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
    // A killed executor's partitions wait this long for a new owner: Kafka's 45 s default made the
    // runs due then a minute late in the fault suite's kill-executor scenario. Heartbeats go three
    // times per session, as Kafka advises; a GC pause of the session's length still costs a
    // rebalance.
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) sessionTimeout.dividedBy(3).toMillis());
    // The topics are created at start with cronlog's partition count, never by a consumer.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return props;
  }

  /** Properties of the producer of outcomes and dead letters; serializers go to its constructor. */
  public Map<String, Object> producerProperties() {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    // An outcome is the audit trail of an action on the cluster: every replica must have it.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // No deadline: through a broker outage of any length the producer keeps the outcomes it took
    // and writes them, in order and once, when the broker is back; the commands' offsets wait for
    // them.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
    return props;
  }

  @Override
  public String toString() {
    return "ExecutorConfig{bootstrapServers="
        + kafka.bootstrapServers()
        + ", topics="
        + kafka.topics().prefix()
        + "*, partitions="
        + kafka.topicSettings().partitions()
        + ", replicationFactor="
        + kafka.topicSettings().replicationFactor()
        + ", security="
        + kafka.security()
        + ", group="
        + groupId
        + ", apiQps="
        + apiQps
        + ", apiBurst="
        + apiBurst
        + ", eventQps="
        + eventQps
        + ", eventBurst="
        + eventBurst
        + ", retry="
        + retry
        + ", maxClockSkew="
        + maxClockSkew
        + ", workers="
        + workers
        + ", sessionTimeout="
        + sessionTimeout
        + "}";
  }
}
