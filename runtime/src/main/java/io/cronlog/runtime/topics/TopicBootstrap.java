package io.cronlog.runtime.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates cronlog's missing topics at start and checks that the keyed ones agree on their partition
 * count: if they did not, one ScheduledJob's records would land in partitions with different
 * numbers and its story could no longer be read in order.
 */
public final class TopicBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

  private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

  private final Admin admin;
  private final Topics topics;
  private final TopicSettings settings;

  public TopicBootstrap(Admin admin, Topics topics, TopicSettings settings) {
    this.admin = admin;
    this.topics = topics;
    this.settings = settings;
  }

  /** Creates what is missing, then verifies the partition counts; throws if they disagree. */
  public void ensureTopics() throws InterruptedException, ExecutionException {
    List<String> all = new ArrayList<>(topics.keyed());
    all.add(topics.deadLetter());
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing =
        all.stream()
            .filter(name -> !existing.contains(name))
            .map(
                name ->
                    new NewTopic(name, settings.partitions(), settings.replicationFactor())
                        .configs(settings.configsFor(topics, name)))
            .toList();
    for (NewTopic topic : missing) {
      try {
        admin.createTopics(List.of(topic)).all().get();
        LOG.info("Created topic {} with {} partitions", topic.name(), topic.numPartitions());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        // Another service created it first; the partition check below still applies.
      }
    }
    verifyPartitionCounts();
  }

  private void verifyPartitionCounts() throws InterruptedException, ExecutionException {
    Map<String, TopicDescription> described = describeKeyedTopics();
    long distinct =
        described.values().stream().mapToInt(d -> d.partitions().size()).distinct().count();
    if (distinct > 1) {
      StringBuilder counts = new StringBuilder();
      described.forEach(
          (name, d) -> counts.append(' ').append(name).append('=').append(d.partitions().size()));
      throw new IllegalStateException(
          "cronlog's topics must have the same partition count, but have:" + counts);
    }
  }

  /** Describes the keyed topics, waiting for topics created a moment ago to become known. */
  private Map<String, TopicDescription> describeKeyedTopics()
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
    while (true) {
      try {
        return admin.describeTopics(topics.keyed()).allTopicNames().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
