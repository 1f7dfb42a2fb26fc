package io.cronlog.devkafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.TestKitNodes;

/** The broker settings of a one-node development cluster, and the listener its clients use. */
final class BrokerSettings {

  /** The listener on the fixed port a user asked for; the test kit's own listener is unusable then. */
  static final ListenerName FIXED_PORT_LISTENER = ListenerName.normalised("CLIENT");

  private BrokerSettings() {}

  /** The listener that clients bootstrap from. */
  static ListenerName clientListener(EmbeddedKafkaConfig config, TestKitNodes nodes) {
    // The kit pre-binds its broker listener to a random port and reuses that port on restart,
    // ignoring the port in `listeners`; a fixed port therefore needs a listener of its own.
    return config.port() == 0 ? nodes.brokerListenerName() : FIXED_PORT_LISTENER;
  }

  static Map<String, String> of(EmbeddedKafkaConfig config, TestKitNodes nodes) {
    Map<String, String> settings = new LinkedHashMap<>();
    // One broker: the defaults of 3 replicas would leave group offsets and transactions unusable.
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    // The default 50 partitions each are 100 logs created on first use: seconds on a small machine.
    settings.put("offsets.topic.num.partitions", "5");
    settings.put("transaction.state.log.num.partitions", "5");
    // The default 3 s delay would slow every classic-protocol group's first join in tests.
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("num.partitions", Integer.toString(config.defaultPartitions()));
    // The kit enables unreleased APIs for Kafka's own tests; we want what a released broker offers.
    settings.put("unstable.api.versions.enable", "false");
    settings.put("unstable.feature.versions.enable", "false");
    if (config.port() != 0) {
      String broker = nodes.brokerListenerName().value();
      String controller = nodes.controllerListenerName().value();
      String client = FIXED_PORT_LISTENER.value();
      settings.put("listeners", "%s://localhost:0,%s://localhost:0,%s://localhost:%d"
          .formatted(broker, controller, client, config.port()));
      settings.put("listener.security.protocol.map", "%s:PLAINTEXT,%s:PLAINTEXT,%s:PLAINTEXT"
          .formatted(broker, controller, client));
    }
    settings.putAll(config.brokerProperties());
    return settings;
  }
}
