package io.cronlog.watcher;

import io.cronlog.records.JobObserved;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.watcher.publish.OpenProducers;
import io.cronlog.watcher.publish.RecordSizeLimits;
import io.cronlog.watcher.publish.StateTopicReader.LastPublished;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka as a watcher sees it, without a broker: MockProducers whose start and commits a test can
 * make fail, topics of 1 MiB records, and an empty last published state.
 */
final class FakeKafka {

  private static final RecordCodec CODEC = new RecordCodec();
  private static final Topics TOPICS = Topics.withDefaultPrefix();

  /** Every producer made, in order. */
  final List<MockProducer<String, byte[]>> producers = new CopyOnWriteArrayList<>();

  final OpenProducers openProducers = new OpenProducers();
  final AtomicInteger topicSetups = new AtomicInteger();

  /** How many of the next initTransactions fail, as while Kafka is away. */
  final AtomicInteger initFailures = new AtomicInteger();

  /**
   * What every commit throws from now on, whichever producer makes it; null while Kafka takes them.
   */
  volatile RuntimeException commitFailure;

  /** What each initTransactions throws from now on; null while Kafka answers. */
  volatile RuntimeException initFailure;

  WatcherKafka kafka() {
    return new WatcherKafka(
        topicSetups::incrementAndGet,
        CODEC,
        this::newProducer,
        openProducers,
        () ->
            RecordSizeLimits.of(
                Map.of(
                    TOPICS.events(),
                    1 << 20,
                    TOPICS.state(),
                    1 << 20,
                    TOPICS.commands(),
                    1 << 20,
                    TOPICS.deadLetter(),
                    1 << 20)),
        now -> new LastPublished(Map.of(), List.of()));
  }

  /** "ScheduledJob name CHANGE" or "Job name CHANGE" for each committed event, in order. */
  List<String> events() {
    return observations().stream()
        .map(
            event ->
                event instanceof ScheduledJobObserved sj
                    ? "ScheduledJob " + sj.object().getMetadata().getName() + " " + sj.change()
                    : "Job "
                        + ((JobObserved) event).object().getMetadata().getName()
                        + " "
                        + event.change())
        .toList();
  }

  /** Every committed event, decoded, in order. */
  List<ObservationRecord> observations() {
    return committed(TOPICS.events()).stream()
        .map(
            record -> {
              try {
                return CODEC.decode(record.value(), ObservationRecord.class);
              } catch (MalformedRecordException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  /** The keys of the committed records on {@code topic}, in order. */
  List<String> keys(String topic) {
    return committed(topic).stream().map(ProducerRecord::key).toList();
  }

  private List<ProducerRecord<String, byte[]>> committed(String topic) {
    // A MockProducer's history holds only what committed; an aborted transaction's records are
    // dropped.
    return producers.stream()
        .flatMap(producer -> producer.history().stream())
        .filter(record -> record.topic().equals(topic))
        .toList();
  }

  private MockProducer<String, byte[]> newProducer() {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public void initTransactions() {
            RuntimeException failure = initFailure;
            if (failure != null) {
              throw failure;
            }
            if (initFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
              throw new TimeoutException("Kafka is away");
            }
            super.initTransactions();
          }

          @Override
          public void commitTransaction() {
            RuntimeException failure = commitFailure;
            if (failure != null) {
              throw failure;
            }
            super.commitTransaction();
          }
        };
    producers.add(producer);
    return producer;
  }
}
