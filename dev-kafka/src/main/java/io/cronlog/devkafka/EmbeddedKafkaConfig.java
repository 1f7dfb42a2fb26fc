package io.cronlog.devkafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How to run the in-process broker: where its data lives, the port clients use, and topic defaults.
 *
 * @param dataDir the broker's directory: empty or absent for a new cluster, or one an earlier
 *     broker kept, whose cluster it starts again; {@code null} for a temporary directory that is
 *     deleted on close. A given directory is kept on close.
 * @param port the port clients bootstrap from; 0 picks a free one (it is kept across restarts)
 * @param defaultPartitions partitions of a topic created without an explicit count
 * @param brokerProperties broker settings applied last, over the defaults of {@link EmbeddedKafka}
 * @param saslListener a second client listener that authenticates and authorizes; null for none
 */
public record EmbeddedKafkaConfig(
    Path dataDir,
    int port,
    int defaultPartitions,
    Map<String, String> brokerProperties,
    SaslListener saslListener) {

  /**
   * A SASL_PLAINTEXT listener on a free port, with SCRAM-SHA-512 and SCRAM-SHA-256 (users made
   * through the Admin client's {@code alterUserScramCredentials}) and PLAIN for {@code plainUsers}
   * (name to password), behind Kafka's StandardAuthorizer: what no ACL allows is refused. The
   * plaintext listener stays, and its principal, {@code User:ANONYMOUS}, is a super user, for the
   * broker's own traffic and for a test's admin client; so this is for tests, never a secured
   * broker.
   */
  public record SaslListener(Map<String, String> plainUsers) {
    public SaslListener {
      plainUsers = plainUsers == null ? Map.of() : Map.copyOf(plainUsers);
    }
  }

  /** The settings without a SASL listener. */
  public EmbeddedKafkaConfig(
      Path dataDir, int port, int defaultPartitions, Map<String, String> brokerProperties) {
    this(dataDir, port, defaultPartitions, brokerProperties, null);
  }

  /**
   * Partitions of auto-created topics: more than one, so keyed routing is exercised as in
   * production.
   */
  public static final int DEFAULT_PARTITIONS = 3;

  public EmbeddedKafkaConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (any) or 1-65535, was " + port);
    }
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException(
          "defaultPartitions must be at least 1, was " + defaultPartitions);
    }
    brokerProperties = brokerProperties == null ? Map.of() : Map.copyOf(brokerProperties);
  }

  /** A temporary data directory, any free port, {@value #DEFAULT_PARTITIONS} partitions. */
  public static EmbeddedKafkaConfig defaults() {
    return new EmbeddedKafkaConfig(null, 0, DEFAULT_PARTITIONS, Map.of());
  }

  public EmbeddedKafkaConfig withDataDir(Path dir) {
    return new EmbeddedKafkaConfig(dir, port, defaultPartitions, brokerProperties, saslListener);
  }

  public EmbeddedKafkaConfig withPort(int fixedPort) {
    return new EmbeddedKafkaConfig(
        dataDir, fixedPort, defaultPartitions, brokerProperties, saslListener);
  }

  public EmbeddedKafkaConfig withDefaultPartitions(int partitions) {
    return new EmbeddedKafkaConfig(dataDir, port, partitions, brokerProperties, saslListener);
  }

  public EmbeddedKafkaConfig withBrokerProperty(String key, String value) {
    Map<String, String> merged = new HashMap<>(brokerProperties);
    merged.put(key, value);
    return new EmbeddedKafkaConfig(dataDir, port, defaultPartitions, merged, saslListener);
  }

  public EmbeddedKafkaConfig withSaslListener(SaslListener listener) {
    return new EmbeddedKafkaConfig(dataDir, port, defaultPartitions, brokerProperties, listener);
  }
}
