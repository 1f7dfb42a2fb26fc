package io.cronlog.runtime.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.runtime.errors.PollErrors.Next;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

class PollErrorsTest {

  static final TopicPartition P0 = new TopicPartition("cronlog.commands", 0);
  static final TopicPartition OTHER = new TopicPartition("cronlog.state", 0);

  final List<Duration> slept = new ArrayList<>();
  final PollErrors errors =
      new PollErrors(
          "cronlog.commands",
          new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)),
          slept::add);
  final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

  @Test
  void anAuthorizationErrorStopsTheLoopAndIsThrownToItsOwner() {
    TopicAuthorizationException refused =
        new TopicAuthorizationException(Set.of("cronlog.commands"));

    assertThat(errors.handle(refused, consumer, false)).isEqualTo(Next.STOP);

    assertThat(errors.failure()).contains(refused);
    assertThat(slept).isEmpty();
    assertThatThrownBy(errors::throwIfFailed)
        .isInstanceOf(Unrecoverable.class)
        .hasCause(refused)
        .satisfies(e -> assertThat(KafkaErrors.isFatal(e)).isTrue());
  }

  @Test
  void aRetriableErrorIsRetriedAfterABackoffThatGrowsToItsCeiling() {
    for (int i = 0; i < 5; i++) {
      assertThat(errors.handle(new TimeoutException("broker away"), consumer, false))
          .isEqualTo(Next.POLL);
    }
    errors.succeeded();
    errors.handle(new TimeoutException("broker away again"), consumer, false);

    assertThat(slept)
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            Duration.ofMillis(100));
    assertThat(errors.failure()).isEmpty();
  }

  @Test
  void anOffsetOutOfRangeSeeksToTheBeginning() {
    consumer.assign(List.of(P0));
    consumer.updateBeginningOffsets(Map.of(P0, 40L));
    consumer.seek(P0, 7);

    assertThat(errors.handle(new OffsetOutOfRangeException(Map.of(P0, 7L)), consumer, false))
        .isEqualTo(Next.POLL);

    assertThat(consumer.position(P0)).isEqualTo(40);
    assertThat(slept).isEmpty();
  }

  @Test
  void anInvalidOffsetOfAnotherConsumerIsRetried() {
    consumer.assign(List.of(P0));

    assertThat(errors.handle(new OffsetOutOfRangeException(Map.of(OTHER, 7L)), consumer, false))
        .isEqualTo(Next.POLL);

    assertThat(slept).hasSize(1);
  }

  @Test
  void aKafkaErrorOfNoKnownKindIsRetriedOnlyAFewTimesInARow() {
    for (int i = 0; i < PollErrors.MAX_UNKNOWN_IN_A_ROW; i++) {
      assertThat(errors.handle(new KafkaException("odd"), consumer, false)).isEqualTo(Next.POLL);
    }

    assertThat(errors.handle(new KafkaException("odd again"), consumer, false))
        .isEqualTo(Next.STOP);
    assertThat(errors.failure()).isPresent();
  }

  @Test
  void theWakeupOfACloseStopsTheLoopWithoutAFailure() {
    assertThat(errors.handle(new WakeupException(), consumer, true)).isEqualTo(Next.STOP);

    assertThat(errors.failure()).isEmpty();
    errors.throwIfFailed();
  }

  @Test
  void aWakeupNoCloseAskedForIsABug() {
    assertThat(errors.handle(new WakeupException(), consumer, false)).isEqualTo(Next.STOP);

    assertThat(errors.failure()).isPresent();
  }
}
