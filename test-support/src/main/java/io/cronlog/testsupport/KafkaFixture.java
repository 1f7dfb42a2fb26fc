package io.cronlog.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One test's view of the shared test broker: its address, a topic prefix no other test uses, and
 * helpers to create and read topics. Injected by {@link KafkaExtension}.
 */
public final class KafkaFixture {

  private final TestBroker broker;
  private final String topicPrefix;

  KafkaFixture(TestBroker broker, String topicPrefix) {
    this.broker = broker;
    this.topicPrefix = topicPrefix;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Which Kafka runs: the in-process broker or a container. */
  public KafkaChoice kind() {
    return broker.kind();
  }

  /** What runs and where, as logged once per JVM: "in-process KRaft broker at localhost:1234". */
  public String description() {
    return broker.description();
  }

  /**
   * A prefix for this test's topics, such as {@code t7-createsJob.}; use it as cronlog's topic
   * prefix.
   */
  public String topicPrefix() {
    return topicPrefix;
  }

  /** This test's name for topic {@code name}: the prefix followed by the name. */
  public String topic(String name) {
    return topicPrefix + name;
  }

  /** {@code bootstrap.servers} alone, to start client properties from. */
  public Map<String, Object> clientProperties() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  /** A new admin client on the broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }

  /** Creates this test's topics {@code names}, prefixed, and returns their full names. */
  public List<String> createTopics(int partitions, String... names) {
    List<String> topics = Arrays.stream(names).map(this::topic).toList();
    try (Admin admin = admin()) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
          .all()
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create topics " + topics, e.getCause());
    }
    return topics;
  }

  /** Starts reading committed records of {@code topic} (a full name) from its beginning. */
  public TopicReader reader(String topic) {
    return TopicReader.start(bootstrapServers(), topic);
  }

  /** Every committed record on {@code topic} (a full name) up to now; see {@link TopicSnapshot}. */
  public List<String> readAllValues(String topic) {
    return TopicSnapshot.readValues(bootstrapServers(), topic, Duration.ofSeconds(30));
  }

  /** Whether {@link #restart()} works here: the in-process broker yes, a container no. */
  public boolean supportsRestart() {
    return broker.supportsRestart();
  }

  /**
   * Stops the broker and starts it again on the same address with its data. The broker is shared by
   * every test in this JVM; the next test gets it running again.
   *
   * @throws UnsupportedOperationException on a container broker, saying how to run the test
   */
  public void restart() {
    broker.restart(() -> {});
  }

  /**
   * Stops the broker, runs {@code whileStopped}, and starts it again: an outage as long as that
   * takes. Same address, same data; see {@link #restart()}.
   */
  public void restart(Runnable whileStopped) {
    broker.restart(whileStopped);
  }
}
