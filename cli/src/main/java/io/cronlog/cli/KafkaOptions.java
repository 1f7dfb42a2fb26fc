package io.cronlog.cli;

import io.cronlog.audit.read.KafkaConnection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which Kafka a command reads, and as whom: the flags of every command that reads the topics. */
public final class KafkaOptions {

  @Option(
      names = KafkaConnection.BOOTSTRAP_FLAG,
      paramLabel = "HOST:PORT",
      description =
          "Kafka to read (default: KAFKA_BOOTSTRAP_SERVERS, else the broker of a running cronlog dev).")
  String bootstrapServers;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*), as Kafka's own tools take them.")
  Path commandConfig;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "The topics' prefix (default: CRONLOG_TOPIC_PREFIX, else cronlog.).")
  String topicPrefix;

  /** The flags as given, to resolve against the environment and a running cronlog dev. */
  public KafkaConnection.Flags flags() {
    return new KafkaConnection.Flags(bootstrapServers, topicPrefix, commandConfig);
  }
}
