package io.cronlog.audit.sim;

import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a trail to the broker as it is made, as the services write theirs: String keys with the
 * default partitioner, idempotent producers, each record stamped with its own time so that reading
 * back by time works as on a live trail. Counts the records and bytes of each topic.
 *
 * <p>With {@code transactions}, the watcher's events and states go in transactions of 500, as the
 * watcher writes them. Without, they go plain: the broker stamps a transaction's commit marker with
 * its own clock, so a day of trail written in two minutes has every marker stamped now, after every
 * record of the day; a seek by time ({@code offsetsForTimes}) then stops at the partition's first
 * marker, and any span read would start at the beginning. On a live trail a marker is stamped as
 * its records are written; a benchmark of seeks writes without.
 */
public final class TrailSender implements Consumer<SimulatedCronlog.Written>, AutoCloseable {

  private static final int PER_TRANSACTION = 500;

  private final Topics topics;
  private final RecordCodec codec = new RecordCodec();
  private final KafkaProducer<String, byte[]> plain;
  private final KafkaProducer<String, byte[]> watcher;
  private final List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
  private final Map<String, long[]> counts = new TreeMap<>();
  private long lastMillis;

  public TrailSender(Map<String, Object> clientProperties, Topics topics, boolean transactions) {
    this.topics = topics;
    this.plain = new KafkaProducer<>(properties(clientProperties, null));
    this.watcher =
        transactions
            ? new KafkaProducer<>(
                properties(clientProperties, "bench-watcher-" + UUID.randomUUID()))
            : null;
    if (watcher != null) {
      watcher.initTransactions();
    }
  }

  @Override
  public void accept(SimulatedCronlog.Written written) {
    long millis = written.record() == null ? lastMillis : written.record().time().toEpochMilli();
    lastMillis = millis;
    byte[] value = written.record() == null ? null : codec.encode(written.record());
    long[] count = counts.computeIfAbsent(written.topic(), t -> new long[2]);
    count[0]++;
    count[1] +=
        written.key().getBytes(StandardCharsets.UTF_8).length + (value == null ? 0 : value.length);
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(written.topic(), null, millis, written.key(), value);
    if (watcher != null
        && (written.topic().equals(topics.events()) || written.topic().equals(topics.state()))) {
      batch.add(record);
      if (batch.size() >= PER_TRANSACTION) {
        commit();
      }
    } else {
      plain.send(record);
    }
  }

  /** Records and bytes (key and value) written per topic. */
  public Map<String, long[]> counts() {
    return counts;
  }

  /** Commits what is pending and waits for every record to be acknowledged. */
  public void flush() {
    commit();
    plain.flush();
  }

  private void commit() {
    if (batch.isEmpty()) {
      return;
    }
    watcher.beginTransaction();
    batch.forEach(watcher::send);
    watcher.commitTransaction();
    batch.clear();
  }

  @Override
  public void close() {
    flush();
    plain.close();
    if (watcher != null) {
      watcher.close();
    }
  }

  private static Map<String, Object> properties(
      Map<String, Object> clientProperties, String transactionalId) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return props;
  }
}
