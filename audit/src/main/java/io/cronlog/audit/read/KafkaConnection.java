package io.cronlog.audit.read;

import io.cronlog.runtime.config.Env;
import io.cronlog.runtime.config.KafkaSecurity;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where {@code cronlog audit} reads the trail from, and where that address came from, so that an
 * error can say so. The address is, in this order: the {@code --bootstrap-servers} flag, {@code
 * KAFKA_BOOTSTRAP_SERVERS}, the client config file's own {@code bootstrap.servers}, or the broker
 * of a running {@code cronlog dev} in this directory ({@value DevFiles#KAFKA}).
 */
public final class KafkaConnection {

  /** The flag that names the brokers. */
  public static final String BOOTSTRAP_FLAG = "--bootstrap-servers";

  /**
   * What the command line gave; each may be null.
   *
   * @param commandConfig a properties file of client settings ({@code security.protocol}, {@code
   *     sasl.*}, {@code ssl.*}), as Kafka's own tools take with {@code --command-config}; its
   *     settings win over those of the services' environment keys ({@code
   *     KAFKA_SECURITY_PROTOCOL}...)
   */
  public record Flags(String bootstrapServers, String topicPrefix, Path commandConfig) {

    public static Flags none() {
      return new Flags(null, null, null);
    }
  }

  private final String bootstrapServers;
  private final String origin;
  private final Map<String, Object> clientProperties;
  private final Topics topics;

  private KafkaConnection(
      String bootstrapServers, String origin, Map<String, Object> clientProperties, Topics topics) {
    this.bootstrapServers = bootstrapServers;
    this.origin = origin;
    this.clientProperties = Map.copyOf(clientProperties);
    this.topics = topics;
  }

  /**
   * Resolves the connection from {@code flags}, the environment {@code env} and, for the dev broker
   * and relative paths, the working directory {@code workingDirectory}.
   *
   * @throws TrailUnavailableException when nothing says where Kafka is, or a file cannot be read
   */
  public static KafkaConnection resolve(
      Flags flags, Map<String, String> env, Path workingDirectory) {
    Env environment = new Env(env);
    Map<String, Object> properties = new HashMap<>(security(environment).clientProperties());
    Path commandConfig =
        flags.commandConfig() == null ? null : workingDirectory.resolve(flags.commandConfig());
    if (commandConfig != null) {
      load(commandConfig)
          .forEach((key, value) -> properties.put((String) key, ((String) value).trim()));
    }
    String servers;
    String origin;
    if (!blank(flags.bootstrapServers())) {
      servers = flags.bootstrapServers().trim();
      origin = "from " + BOOTSTRAP_FLAG;
    } else if (environment.string(KafkaSettings.BOOTSTRAP_SERVERS, null) != null) {
      servers = environment.string(KafkaSettings.BOOTSTRAP_SERVERS, null);
      origin = "from " + KafkaSettings.BOOTSTRAP_SERVERS;
    } else if (!blank((String) properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))) {
      // A client config file that names its cluster is as explicit as the flag.
      servers = (String) properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
      origin = "from " + flags.commandConfig();
    } else {
      servers = devBroker(DevFiles.kafkaFile(workingDirectory));
      origin = "from " + DevFiles.KAFKA + ", written by cronlog dev";
    }
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
    String prefix =
        blank(flags.topicPrefix())
            ? environment.string(KafkaSettings.TOPIC_PREFIX, Topics.DEFAULT_PREFIX)
            : flags.topicPrefix().trim();
    try {
      return new KafkaConnection(servers, origin, properties, new Topics(prefix));
    } catch (IllegalArgumentException e) {
      throw new TrailUnavailableException(e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Where the address came from: {@code from .cronlog/dev/kafka.properties, written by cronlog
   * dev}.
   */
  public String origin() {
    return origin;
  }

  /**
   * The address and its origin, as an error names Kafka: {@code localhost:9092 (from
   * KAFKA_BOOTSTRAP_SERVERS)}.
   */
  public String describe() {
    return bootstrapServers + " (" + origin + ")";
  }

  /** The client config file's settings with {@code bootstrap.servers} set to the address. */
  public Map<String, Object> clientProperties() {
    return clientProperties;
  }

  public Topics topics() {
    return topics;
  }

  /** The services' security keys, read as a service reads them: the audit connects as they do. */
  private static KafkaSecurity security(Env environment) {
    try {
      return KafkaSecurity.from(environment);
    } catch (IllegalArgumentException e) {
      throw new TrailUnavailableException(e.getMessage(), e);
    }
  }

  private static String devBroker(Path file) {
    if (!Files.exists(file)) {
      throw new TrailUnavailableException(
          "nowhere to read the trail from: pass "
              + BOOTSTRAP_FLAG
              + ", set "
              + KafkaSettings.BOOTSTRAP_SERVERS
              + " or start cronlog dev in this directory");
    }
    try {
      String servers = DevKafkaFile.bootstrapServers(file);
      if (servers == null) {
        throw new TrailUnavailableException(
            DevFiles.KAFKA
                + " names no bootstrap.servers; start cronlog dev again, "
                + "or pass "
                + BOOTSTRAP_FLAG);
      }
      return servers;
    } catch (IOException e) {
      throw new TrailUnavailableException(
          "cannot read " + DevFiles.KAFKA + ": " + e.getMessage(), e);
    }
  }

  private static Properties load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
      return properties;
    } catch (NoSuchFileException e) {
      throw new TrailUnavailableException("the client config file " + file + " does not exist", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new TrailUnavailableException(
          "cannot read the client config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
