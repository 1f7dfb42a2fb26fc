package io.cronlog.executor.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cronlog.executor.config.RetryPolicy;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.errors.Unrecoverable;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomeWriterTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  static final ScheduledJobRef A = new ScheduledJobRef("team-a", "alpha", "uid-a");

  final RecordCodec codec = new RecordCodec();
  final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  final OutcomeWriter writer = new OutcomeWriter(producer, Topics.withDefaultPrefix(), codec);

  /** Offers a failed record again at once, up to three attempts in all. */
  final OutcomeWriter retrying =
      new OutcomeWriter(
          producer,
          Topics.withDefaultPrefix(),
          codec,
          new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 3));

  @AfterEach
  void close() {
    writer.close();
    retrying.close();
  }

  private CommandOutcome outcome(int minute) {
    CreateJob command =
        CreateJob.forRun(A, T0.plusSeconds(60L * minute), RunReason.SCHEDULED, null, T0);
    return CommandOutcome.of(command, 1, Result.CREATED, "minute " + minute, false, T0);
  }

  private String detailOf(ProducerRecord<String, byte[]> record) {
    try {
      return codec.decode(record.value(), CommandOutcome.class).detail();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void isNotWrittenUntilTheBrokerAcknowledgesIt() {
    writer.outcome(outcome(0));
    await().until(() -> producer.history().size() == 1);

    assertThat(writer.awaitWritten(Duration.ofMillis(100))).isFalse();
    assertThat(writer.unwritten()).isEqualTo(1);

    producer.completeNext();
    assertThat(writer.awaitWritten(Duration.ofSeconds(5))).isTrue();
    assertThat(writer.unwritten()).isZero();
  }

  @Test
  void offersARecordTheProducerCouldNotTakeAgainUntilItDoesInOrderAndOnce() {
    // What KafkaProducer.send does when the topic's metadata does not come within max.block.ms.
    producer.sendException =
        new TimeoutException("Topic cronlog.outcomes not present in metadata after 60000 ms.");
    writer.outcome(outcome(0));
    writer.outcome(outcome(1));

    assertThat(writer.awaitWritten(Duration.ofMillis(1_500))).isFalse();
    assertThat(producer.history()).isEmpty();

    producer.sendException = null;
    await().until(() -> producer.history().size() == 2);
    producer.completeNext();
    producer.completeNext();

    assertThat(writer.awaitWritten(Duration.ofSeconds(5))).isTrue();
    assertThat(producer.history())
        .extracting(this::detailOf)
        .containsExactly("minute 0", "minute 1");
  }

  @Test
  void aFailureNoRetryMendsStopsTheCommits() {
    writer.outcome(outcome(0));
    await().until(() -> producer.history().size() == 1);

    producer.errorNext(new TopicAuthorizationException("not allowed to write cronlog.outcomes"));

    assertThatThrownBy(() -> writer.awaitWritten(Duration.ofSeconds(5)))
        .isInstanceOf(KafkaException.class)
        .hasMessage("an outcome or dead letter could not be written")
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void aFailedOutcomeWriteIsRetriedBeforeGivingUp() {
    retrying.outcome(outcome(0));

    for (int attempt = 1; attempt <= 2; attempt++) {
      int attempts = attempt;
      await().until(() -> producer.history().size() == attempts);
      producer.errorNext(new RecordTooLargeException("the broker refused the batch"));
    }
    await().until(() -> producer.history().size() == 3);
    assertThat(retrying.awaitWritten(Duration.ofMillis(50)))
        .isFalse(); // the third attempt is on its way
    producer.errorNext(new RecordTooLargeException("the broker refused the batch again"));

    assertThatThrownBy(() -> retrying.awaitWritten(Duration.ofSeconds(5)))
        .isInstanceOf(Unrecoverable.class)
        .hasMessage("an outcome or dead letter could not be written")
        .hasCauseInstanceOf(RecordTooLargeException.class);
    assertThat(producer.history())
        .extracting(this::detailOf)
        .containsExactly("minute 0", "minute 0", "minute 0");
  }

  @Test
  void aFailedOutcomeWriteThatGoesThroughWhenRetriedIsWritten() {
    retrying.outcome(outcome(0));
    retrying.outcome(outcome(1));
    await().until(() -> producer.history().size() == 2);

    producer.errorNext(new NotEnoughReplicasException("1 of 3 replicas in sync"));
    producer.completeNext();
    await().until(() -> producer.history().size() == 3);
    producer.completeNext();

    assertThat(retrying.awaitWritten(Duration.ofSeconds(5))).isTrue();
    assertThat(producer.history())
        .extracting(this::detailOf)
        .containsExactly("minute 0", "minute 1", "minute 0");
  }
}
