package io.cronlog.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class PatientSendTest {

  static final ProducerRecord<String, String> RECORD =
      new ProducerRecord<>("cronlog.outcomes", "team-a/alpha", "v");

  /**
   * Refuses the first sends as KafkaProducer does when the topic's metadata does not come in time:
   * through the callback, on the caller's thread, with a failed future, the record not taken.
   */
  static final class RefusingProducer extends MockProducer<String, String> {
    int refusalsLeft;

    RefusingProducer(int refusals) {
      super(true, null, new StringSerializer(), new StringSerializer());
      this.refusalsLeft = refusals;
    }

    @Override
    public synchronized Future<RecordMetadata> send(
        ProducerRecord<String, String> record, Callback callback) {
      if (refusalsLeft > 0) {
        refusalsLeft--;
        TimeoutException e =
            new TimeoutException("Topic cronlog.outcomes not present in metadata after 60000 ms.");
        callback.onCompletion(null, e);
        return CompletableFuture.failedFuture(e);
      }
      return super.send(record, callback);
    }
  }

  @Test
  void offersARecordAgainUntilTheProducerTakesItAndReportsOnlyTheWriteThatCounts() {
    RefusingProducer producer = new RefusingProducer(2);
    List<RetriableException> refusals = new ArrayList<>();
    AtomicReference<Exception> result =
        new AtomicReference<>(new IllegalStateException("no callback"));

    boolean taken =
        PatientSend.send(
            producer, RECORD, (metadata, e) -> result.set(e), Duration.ofMillis(10), refusals::add);

    assertThat(taken).isTrue();
    assertThat(refusals).hasSize(2);
    assertThat(producer.history()).containsExactly(RECORD);
    assertThat(result.get()).isNull();
  }

  @Test
  void passesOnAFailureOfAWriteTheProducerTook() {
    MockProducer<String, String> producer =
        new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    AtomicReference<Exception> result = new AtomicReference<>();

    assertThat(
            PatientSend.send(
                producer,
                RECORD,
                (metadata, e) -> result.set(e),
                Duration.ofMillis(10),
                refusal -> {}))
        .isTrue();
    producer.errorNext(new RecordTooLargeException("too large"));

    assertThat(result.get()).isInstanceOf(RecordTooLargeException.class);
  }

  @Test
  void givesUpWhenInterruptedWhileWaiting() {
    RefusingProducer producer = new RefusingProducer(Integer.MAX_VALUE);
    Thread.currentThread().interrupt();
    try {
      assertThat(
              PatientSend.send(
                  producer, RECORD, (metadata, e) -> {}, Duration.ofSeconds(1), refusal -> {}))
          .isFalse();
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
  }
}
