package io.cronlog.watcher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.watcher.lead.LeaseLost;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TransactionalPublisherTest {

  private static final List<Outgoing> BATCH =
      List.of(
          new Outgoing("events", "team-a/report", "{}".getBytes(StandardCharsets.UTF_8)),
          new Outgoing("state", "team-a/report", "{}".getBytes(StandardCharsets.UTF_8)));

  private final List<MockProducer<String, byte[]>> made = new ArrayList<>();
  private final OpenProducers open = new OpenProducers();
  private final AtomicBoolean leaseHeld = new AtomicBoolean(true);

  /** What each next producer fails with in initTransactions; null once Kafka is back. */
  private RuntimeException initFailure;

  @Test
  void aProducerWhoseInitTransactionsTimesOutIsClosedBeforeTheNextOneIsOpened() throws LeaseLost {
    TransactionalPublisher publisher = publisher();
    initFailure =
        new TimeoutException("Timeout expired after 30000ms while awaiting InitProducerId");
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(publisher::open).isInstanceOf(TimeoutException.class);
      assertThat(open.now()).isZero();
    }
    initFailure = null;
    publisher.publish(BATCH);

    assertThat(made).hasSize(4);
    assertThat(made.subList(0, 3)).allSatisfy(failed -> assertThat(failed.closed()).isTrue());
    assertThat(made.get(3).transactionCommitted()).isTrue();
    assertThat(open.mostAtOnce()).isEqualTo(1);
    assertThat(open.now()).isEqualTo(1);
  }

  @Test
  void aFailedCommitsProducerIsClosedBeforeTheRetryOpensAnother() throws LeaseLost {
    TransactionalPublisher publisher = publisher();
    publisher.open();
    made.get(0).commitTransactionException = new KafkaException("the broker went away");
    assertThatThrownBy(() -> publisher.publish(BATCH)).hasMessageContaining("went away");
    publisher.reset();
    publisher.publish(BATCH);

    assertThat(made.get(0).closed()).isTrue();
    assertThat(made.get(1).transactionCommitted()).isTrue();
    assertThat(open.mostAtOnce()).isEqualTo(1);
  }

  @Test
  void aTransactionWhoseLeaseIsLostWhileKafkaTakesItsRecordsIsAbortedNotCommitted() {
    TransactionalPublisher publisher =
        new TransactionalPublisher(
            () -> {
              // The records are acknowledged only after the lease could no longer be renewed.
              MockProducer<String, byte[]> slow =
                  new MockProducer<>(
                      true, null, new StringSerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized void flush() {
                      super.flush();
                      leaseHeld.set(false);
                    }
                  };
              made.add(slow);
              return slow;
            },
            open,
            leaseHeld::get);

    assertThatThrownBy(() -> publisher.publish(BATCH)).isInstanceOf(LeaseLost.class);

    MockProducer<String, byte[]> producer = made.get(0);
    assertThat(producer.transactionCommitted()).isFalse();
    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.commitCount()).isZero();
  }

  @Test
  void abortClosesTheProducerAndNoOtherIsOpenedAfter() throws LeaseLost {
    TransactionalPublisher publisher = publisher();
    publisher.open();
    publisher.abort();

    assertThat(made.get(0).closed()).isTrue();
    assertThat(open.now()).isZero();
    assertThatThrownBy(() -> publisher.publish(BATCH)).isInstanceOf(LeaseLost.class);
    assertThat(made).hasSize(1);
  }

  @Test
  void aProducerClosedTwiceIsCountedClosedOnce() throws LeaseLost {
    TransactionalPublisher publisher = publisher();
    publisher.open();
    publisher.abort();
    publisher.close();

    assertThat(open.now()).isZero();
  }

  @Test
  void namesTheTopicAndSizeOfTheRecordTheBrokerRefusedAsTooLargeInsteadOfTheFailedCommit() {
    TransactionalPublisher publisher =
        new TransactionalPublisher(
            () -> {
              MockProducer<String, byte[]> refusing =
                  new MockProducer<>(
                      true, null, new StringSerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(
                        ProducerRecord<String, byte[]> record) {
                      return record.topic().equals("state")
                          ? CompletableFuture.failedFuture(
                              new RecordTooLargeException("over max.message.bytes"))
                          : super.send(record);
                    }
                  };
              // What a real producer throws at the commit after one of its sends failed.
              refusing.commitTransactionException =
                  new KafkaException("a previous transactional request failed");
              made.add(refusing);
              return refusing;
            },
            open,
            leaseHeld::get);

    assertThatThrownBy(() -> publisher.publish(BATCH))
        .isInstanceOfSatisfying(
            RecordRefusedAsTooLarge.class,
            refused -> {
              assertThat(refused.topic()).isEqualTo("state");
              assertThat(refused.size()).isEqualTo(BATCH.get(1).size());
            });
    assertThat(made.get(0).history()).isEmpty();
  }

  private TransactionalPublisher publisher() {
    return new TransactionalPublisher(
        () -> {
          MockProducer<String, byte[]> producer =
              new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
          producer.initTransactionException = initFailure;
          made.add(producer);
          return (Producer<String, byte[]>) producer;
        },
        open,
        leaseHeld::get);
  }
}
