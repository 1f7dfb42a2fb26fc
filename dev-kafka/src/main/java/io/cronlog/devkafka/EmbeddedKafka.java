package io.cronlog.devkafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNode;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble.VerificationFlag;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node Kafka cluster in KRaft mode running inside this JVM. */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaClusterTestKit cluster;
  private final ListenerName clientListener;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean saslListener;
  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private EmbeddedKafka(
      KafkaClusterTestKit cluster,
      ListenerName clientListener,
      Path dataDir,
      boolean saslListener) {
    this.cluster = cluster;
    this.clientListener = clientListener;
    this.dataDir = dataDir;
    this.saslListener = saslListener;
    this.bootstrapServers = "localhost:" + boundPort();
  }

  /**
   * Starts the node on the config's data directory and waits until it serves: a new cluster,
   * formatted there, when the directory is empty or absent; the cluster an earlier process left
   * there (its topics, records, committed offsets and users) when it holds one.
   *
   * @throws IllegalArgumentException when the directory holds something else
   */
  public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
    long startNanos = System.nanoTime();
    Path dataDir = prepareDataDir(config.dataDir());
    Optional<String> clusterId = existingClusterId(dataDir);
    TestKitNodes.Builder layout = nodes(dataDir);
    clusterId.ifPresent(layout::setClusterId);
    TestKitNodes nodes = layout.build();
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(config.dataDir() == null);
    BrokerSettings.of(config, nodes).forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = build(builder);
    try {
      if (clusterId.isEmpty()) {
        // Formatting twice is refused, and a new cluster id would not match the logs kept.
        cluster.format();
      }
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      closeAfterFailedStart(cluster, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("The in-process Kafka broker did not start", e);
    }
    EmbeddedKafka kafka =
        new EmbeddedKafka(
            cluster,
            BrokerSettings.clientListener(config, nodes),
            dataDir,
            config.saslListener() != null);
    LOG.info(
        "Kafka broker (KRaft, in-process) ready at {} in {} ms, data in {}{}",
        kafka.bootstrapServers,
        (System.nanoTime() - startNanos) / 1_000_000,
        dataDir,
        clusterId.map(id -> " (cluster " + id + ", kept from an earlier start)").orElse(""));
    return kafka;
  }

  /**
   * The {@code bootstrap.servers} value for clients; the same before and after {@link #restart()}.
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The {@code bootstrap.servers} of the SASL listener; its port is picked at start and may change
   * on {@link #restart()}.
   *
   * @throws IllegalStateException when the config asked for no SASL listener
   */
  public String saslBootstrapServers() {
    if (!saslListener) {
      throw new IllegalStateException("this broker has no SASL listener");
    }
    return "localhost:"
        + cluster.brokers().values().iterator().next().boundPort(BrokerSettings.SASL_LISTENER);
  }

  /** Where the broker keeps its logs and metadata. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Stops the node, broker and controller, and starts it again on the same port and data. Clients
   * see what they see when a real broker restarts: dropped connections, a new coordinator load, and
   * every committed record still there.
   */
  public void restart() {
    restart(() -> {});
  }

  /** Stops the node, runs {@code whileStopped} (an outage of its length), and starts it again. */
  public void restart(Runnable whileStopped) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("Kafka broker at " + bootstrapServers + " is closed");
      }
      long startNanos = System.nanoTime();
      BrokerServer broker = cluster.brokers().values().iterator().next();
      ControllerServer controller = cluster.controllers().values().iterator().next();
      // The order of KafkaRaftServer: the broker stops first and starts last.
      broker.shutdown();
      controller.shutdown();
      whileStopped.run();
      controller.startup();
      broker.startup();
      awaitReady();
      int port = boundPort();
      if (!bootstrapServers.equals("localhost:" + port)) {
        throw new IllegalStateException(
            "Kafka broker came back on port " + port + " instead of " + bootstrapServers);
      }
      LOG.info(
          "Kafka broker at {} restarted in {} ms",
          bootstrapServers,
          (System.nanoTime() - startNanos) / 1_000_000);
    }
  }

  /** Stops the node and, for a temporary data directory, deletes it; does nothing a second time. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      cluster.close();
      LOG.info("Kafka broker at {} stopped", bootstrapServers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while stopping Kafka broker " + bootstrapServers, e);
    } catch (Exception e) {
      // Also how a fault the broker survived (the kit records it instead of exiting) surfaces.
      throw new IllegalStateException("Kafka broker at " + bootstrapServers + " failed", e);
    }
  }

  private int boundPort() {
    return cluster.brokers().values().iterator().next().boundPort(clientListener);
  }

  private void awaitReady() {
    try {
      cluster.waitForReadyBrokers();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while restarting Kafka broker", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka broker did not come back after restart", e);
    }
  }

  /** The metadata version and feature levels a freshly formatted release broker gets. */
  private static BootstrapMetadata releasedMetadata() {
    MetadataVersion version = MetadataVersion.latestProduction();
    Map<String, Short> features = new TreeMap<>();
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      features.put(feature.featureName(), feature.defaultLevel(version));
    }
    return BootstrapMetadata.fromVersions(version, features, "cronlog dev-kafka");
  }

  /**
   * The single combined node's layout under {@code dataDir}: the same directories on every start.
   */
  private static TestKitNodes.Builder nodes(Path dataDir) {
    return new TestKitNodes.Builder(releasedMetadata())
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .setBaseDirectory(dataDir);
  }

  private static Path prepareDataDir(Path requested) {
    try {
      if (requested == null) {
        return Files.createTempDirectory("cronlog-kafka-");
      }
      Path dir = requested.toAbsolutePath().normalize();
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot prepare Kafka data directory " + requested, e);
    }
  }

  /**
   * The id of the cluster formatted in {@code dataDir} by an earlier start; empty when the
   * directory is new. The node's directory is read from the kit's layout rather than named here, so
   * that a kit that lays it out elsewhere fails loudly instead of formatting a second cluster.
   */
  private static Optional<String> existingClusterId(Path dataDir) {
    TestKitNode node = nodes(dataDir).build().controllerNodes().values().iterator().next();
    Path nodeDir = Path.of(node.metadataDirectory());
    if (!Files.isRegularFile(nodeDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
      refuseForeignContent(dataDir, nodeDir);
      return Optional.empty();
    }
    try {
      MetaPropertiesEnsemble onDisk =
          new MetaPropertiesEnsemble.Loader()
              .addMetadataLogDir(nodeDir.toString())
              .addLogDirs(List.of(nodeDir.toString()))
              .load();
      onDisk.verify(
          Optional.empty(),
          OptionalInt.of(node.id()),
          EnumSet.of(
              VerificationFlag.REQUIRE_AT_LEAST_ONE_VALID,
              VerificationFlag.REQUIRE_METADATA_LOG_DIR));
      return Optional.of(
          onDisk
              .clusterId()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Kafka data directory " + dataDir + " names no cluster id")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Kafka data directory " + dataDir + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** A directory not yet formatted may hold the kit's own empty directories, and nothing else. */
  private static void refuseForeignContent(Path dataDir, Path nodeDir) {
    try (Stream<Path> entries = Files.list(dataDir)) {
      List<String> foreign =
          entries
              .map(p -> p.getFileName().toString())
              .filter(
                  name -> !name.equals(nodeDir.getFileName().toString()) && !name.equals("local"))
              .sorted()
              .toList();
      if (!foreign.isEmpty()) {
        throw new IllegalArgumentException(
            "Kafka data directory "
                + dataDir
                + " holds files that are not a cronlog broker's ("
                + String.join(", ", foreign)
                + ")");
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read Kafka data directory " + dataDir, e);
    }
  }

  private static KafkaClusterTestKit build(KafkaClusterTestKit.Builder builder) {
    try {
      return builder.build();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot configure the in-process Kafka broker", e);
    }
  }

  private static void closeAfterFailedStart(KafkaClusterTestKit cluster, Exception cause) {
    try {
      cluster.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
