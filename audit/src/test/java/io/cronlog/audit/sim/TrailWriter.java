package io.cronlog.audit.sim;

import io.cronlog.runtime.topics.TopicBootstrap;
import io.cronlog.runtime.topics.TopicSettings;
import io.cronlog.runtime.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Writes a scripted trail to a real broker as the services do: the topics made by the services' own
 * bootstrap, String keys with the default partitioner, the watcher's events and states in
 * transactions, commands and outcomes with a plain idempotent producer; each record stamped with
 * its own time, so that reading back by time works as on a live trail.
 */
public final class TrailWriter {

  private TrailWriter() {}

  /** Creates the topics under {@code topics} with {@code partitions} partitions. */
  public static void createTopics(
      Map<String, Object> clientProperties, Topics topics, int partitions) throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      // Kept for ever: a scripted history is dated, and a retention would delete it once it aged.
      new TopicBootstrap(admin, topics, new TopicSettings(partitions, (short) 1, -1))
          .ensureTopics();
    }
  }

  /** Writes {@code trail}, in order within each topic, and returns once all of it is committed. */
  public static void write(
      Map<String, Object> clientProperties, Topics topics, List<SimulatedCronlog.Written> trail) {
    try (TrailSender sender = new TrailSender(clientProperties, topics, true)) {
      trail.forEach(sender);
    }
  }
}
