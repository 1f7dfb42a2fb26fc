package io.cronlog.devkafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;

/** The broker settings of a one-node development cluster, and the listener its clients use. */
final class BrokerSettings {

  /**
   * The listener on the fixed port a user asked for; the test kit's own listener is unusable then.
   */
  static final ListenerName FIXED_PORT_LISTENER = ListenerName.normalised("CLIENT");

  /** The listener that authenticates with SASL, when the config asks for one. */
  static final ListenerName SASL_LISTENER = ListenerName.normalised("SASL");

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
    listeners(config, nodes, settings);
    if (config.saslListener() != null) {
      sasl(config.saslListener(), settings);
    }
    settings.putAll(config.brokerProperties());
    return settings;
  }

  /** The kit's own listeners, plus the fixed-port and the SASL listener when asked for. */
  private static void listeners(
      EmbeddedKafkaConfig config, TestKitNodes nodes, Map<String, String> settings) {
    if (config.port() == 0 && config.saslListener() == null) {
      return; // the kit's defaults
    }
    List<String[]> listeners = new ArrayList<>();
    listeners.add(new String[] {nodes.brokerListenerName().value(), "0", "PLAINTEXT"});
    listeners.add(new String[] {nodes.controllerListenerName().value(), "0", "PLAINTEXT"});
    if (config.port() != 0) {
      listeners.add(
          new String[] {FIXED_PORT_LISTENER.value(), Integer.toString(config.port()), "PLAINTEXT"});
    }
    if (config.saslListener() != null) {
      listeners.add(new String[] {SASL_LISTENER.value(), "0", "SASL_PLAINTEXT"});
    }
    settings.put(
        "listeners",
        listeners.stream()
            .map(l -> l[0] + "://localhost:" + l[1])
            .collect(Collectors.joining(",")));
    settings.put(
        "listener.security.protocol.map",
        listeners.stream().map(l -> l[0] + ":" + l[2]).collect(Collectors.joining(",")));
  }

  private static void sasl(
      EmbeddedKafkaConfig.SaslListener listener, Map<String, String> settings) {
    String prefix = "listener.name." + SASL_LISTENER.value().toLowerCase(Locale.ROOT) + ".";
    String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    settings.put(prefix + "scram-sha-512.sasl.jaas.config", scram);
    settings.put(prefix + "scram-sha-256.sasl.jaas.config", scram);
    String mechanisms = "SCRAM-SHA-512,SCRAM-SHA-256";
    if (!listener.plainUsers().isEmpty()) {
      // PLAIN's users live in the broker's JAAS line: user_<name>="<password>".
      settings.put(
          prefix + "plain.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required"
              + listener.plainUsers().entrySet().stream()
                  .map(u -> " user_" + u.getKey() + "=\"" + u.getValue() + "\"")
                  .collect(Collectors.joining())
              + ";");
      mechanisms += ",PLAIN";
    }
    settings.put("sasl.enabled.mechanisms", mechanisms);
    settings.put("authorizer.class.name", StandardAuthorizer.class.getName());
    // The plaintext listeners carry the broker's own requests (and the controller's): ANONYMOUS
    // must pass.
    settings.put("super.users", "User:ANONYMOUS");
    settings.put("allow.everyone.if.no.acl.found", "false");
  }
}
