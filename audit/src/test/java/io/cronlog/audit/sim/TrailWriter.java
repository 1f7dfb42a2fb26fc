package io.cronlog.audit.sim;

import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.topics.TopicBootstrap;
import io.cronlog.records.topics.TopicSettings;
import io.cronlog.records.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a scripted trail to a real broker as the services do: the topics made by the services'
 * own bootstrap, String keys with the default partitioner, the watcher's events and states in
 * transactions, commands and outcomes with a plain idempotent producer; each record stamped with its
 * own time, so that reading back by time works as on a live trail.
 */
public final class TrailWriter {

  private static final int PER_TRANSACTION = 500;

  private TrailWriter() {}

  /** Creates the topics under {@code topics} with {@code partitions} partitions. */
  public static void createTopics(Map<String, Object> clientProperties, Topics topics, int partitions)
      throws Exception {
    try (Admin admin = Admin.create(clientProperties)) {
      // Kept for ever: a scripted history is dated, and a retention would delete it once it aged.
      new TopicBootstrap(admin, topics, new TopicSettings(partitions, (short) 1, -1)).ensureTopics();
    }
  }

  /** Writes {@code trail}, in order within each topic, and returns once all of it is committed. */
  public static void write(Map<String, Object> clientProperties, Topics topics, List<SimulatedCronlog.Written> trail) {
    RecordCodec codec = new RecordCodec();
    Map<String, Object> plainProps = properties(clientProperties);
    Map<String, Object> txProps = properties(clientProperties);
    txProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scripted-watcher-" + UUID.randomUUID());
    try (KafkaProducer<String, byte[]> plain = new KafkaProducer<>(plainProps);
        KafkaProducer<String, byte[]> watcher = new KafkaProducer<>(txProps)) {
      watcher.initTransactions();
      List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
      Instant last = Instant.EPOCH;
      for (SimulatedCronlog.Written written : trail) {
        Instant time = written.record() == null ? last : written.record().time();
        last = time;
        byte[] value = written.record() == null ? null : codec.encode(written.record());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(written.topic(), null, time.toEpochMilli(),
            written.key(), value);
        if (written.topic().equals(topics.events()) || written.topic().equals(topics.state())) {
          batch.add(record);
          if (batch.size() >= PER_TRANSACTION) {
            commit(watcher, batch);
          }
        } else {
          plain.send(record);
        }
      }
      commit(watcher, batch);
      plain.flush();
    }
  }

  private static void commit(KafkaProducer<String, byte[]> watcher, List<ProducerRecord<String, byte[]>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    watcher.beginTransaction();
    batch.forEach(watcher::send);
    watcher.commitTransaction();
    batch.clear();
  }

  private static Map<String, Object> properties(Map<String, Object> clientProperties) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return props;
  }
}
