package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandPublisherTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  static final ScheduledJobRef A = new ScheduledJobRef("team-a", "alpha", "uid-a");

  final RecordCodec codec = new RecordCodec();

  /** The scheduled time of each record offered to the producer, taken or refused, in order. */
  final List<Instant> offered = new CopyOnWriteArrayList<>();

  final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
        @Override
        public synchronized Future<RecordMetadata> send(
            ProducerRecord<String, byte[]> record, Callback callback) {
          offered.add(scheduledTimeOf(record.value()));
          return super.send(record, callback);
        }
      };
  final CommandPublisher publisher = new CommandPublisher(producer, "cronlog.commands", codec);

  @AfterEach
  void close() {
    publisher.close();
  }

  private CommandRecord run(int minute) {
    return CreateJob.forRun(A, T0.plusSeconds(60L * minute), RunReason.SCHEDULED, null, T0);
  }

  private Instant scheduledTimeOf(byte[] value) {
    try {
      return ((CreateJob) codec.decode(value, CommandRecord.class)).scheduledTime();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aDecidedRunWaitsForTheBrokerInsteadOfFailingAndKeepsItsOrder() throws Exception {
    // What KafkaProducer.send does when the topic's metadata does not come within max.block.ms.
    producer.sendException =
        new TimeoutException("Topic cronlog.commands not present in metadata after 60000 ms.");
    CompletableFuture<Void> first = publisher.publish("team-a/alpha", List.of(run(0)));
    CompletableFuture<Void> second = publisher.publish("team-a/alpha", List.of(run(1)));

    // A second offer comes only after the first refusal was waited out: the command waited
    // instead of failing, and the one behind it was not offered meanwhile.
    await().atMost(Duration.ofSeconds(10)).until(() -> offered.size() >= 2);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(offered).containsOnly(T0);

    producer.sendException = null;

    await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone() && second.isDone());
    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(producer.history())
        .extracting(r -> scheduledTimeOf(r.value()))
        .containsExactly(T0, T0.plusSeconds(60));
  }
}
