package io.cronlog.runtime.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.runtime.errors.KafkaErrors.Kind;
import java.util.Map;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaErrorsTest {

  static final TopicPartition P0 = new TopicPartition("cronlog.commands", 0);

  @Test
  void whatNoRetryCanMendIsFatal() {
    assertThat(KafkaErrors.kindOf(new TopicAuthorizationException("cronlog.commands")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new GroupAuthorizationException("cronlog-executor")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new SaslAuthenticationException("bad password")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new UnsupportedVersionException("old broker")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new ProducerFencedException("newer epoch")))
        .isEqualTo(Kind.FATAL);
    assertThat(
            KafkaErrors.kindOf(
                new RecordDeserializationException(
                    RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                    P0,
                    3,
                    0L,
                    TimestampType.CREATE_TIME,
                    null,
                    null,
                    null,
                    "unreadable",
                    null)))
        .isEqualTo(Kind.FATAL);
    assertThat(
            KafkaErrors.kindOf(
                new Unrecoverable("an outcome could not be written", new TimeoutException("t"))))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void whatATransactionalProducerMustBeClosedForIsFatal() {
    assertThat(KafkaErrors.kindOf(new ProducerFencedException("newer epoch")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new OutOfOrderSequenceException("sequence 7, expected 5")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new TransactionalIdAuthorizationException("cronlog-watcher")))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void anInvalidProducerEpochIsFatalAsAFenceIs() {
    // A retry would open a new producer under the transactional id and fence the newer one.
    assertThat(KafkaErrors.kindOf(new InvalidProducerEpochException("epoch 3, current 4")))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void anAbortableTransactionIsNotFatal() {
    assertThat(KafkaErrors.kindOf(new TransactionAbortableException("abort and retry")))
        .isEqualTo(Kind.UNKNOWN);
  }

  @Test
  void aClientMisconfiguredIsFatal() {
    assertThat(KafkaErrors.kindOf(new ConfigException("acks", "none", "not a valid value")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new SaslAuthenticationException("bad password")))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void aFatalCauseUnderAWrapperIsFatal() {
    // How a consumer rethrows what a rebalance listener threw.
    assertThat(
            KafkaErrors.kindOf(
                new KafkaException(
                    "User rebalance callback throws an error",
                    new Unrecoverable("given up", null))))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.isFatal(new KafkaException(new TopicAuthorizationException("t"))))
        .isTrue();
  }

  @Test
  void aBugOfOursIsFatal() {
    assertThat(KafkaErrors.kindOf(new IllegalStateException("no current assignment")))
        .isEqualTo(Kind.FATAL);
    assertThat(KafkaErrors.kindOf(new OutOfMemoryError())).isEqualTo(Kind.FATAL);
  }

  @Test
  void anInvalidOffsetIsMetBySeeking() {
    assertThat(KafkaErrors.kindOf(new OffsetOutOfRangeException(Map.of(P0, 7L))))
        .isEqualTo(Kind.OFFSET);
    assertThat(KafkaErrors.kindOf(new NoOffsetForPartitionException(P0))).isEqualTo(Kind.OFFSET);
  }

  @Test
  void whatTheClientCallsRetriableIsRetriable() {
    assertThat(KafkaErrors.kindOf(new TimeoutException("Timeout of 60000ms expired")))
        .isEqualTo(Kind.RETRIABLE);
    assertThat(KafkaErrors.kindOf(new DisconnectException())).isEqualTo(Kind.RETRIABLE);
    assertThat(KafkaErrors.kindOf(new NotLeaderOrFollowerException())).isEqualTo(Kind.RETRIABLE);
    assertThat(KafkaErrors.isFatal(new TimeoutException("t"))).isFalse();
  }

  @Test
  void anyOtherKafkaErrorIsOfNoKnownKind() {
    assertThat(KafkaErrors.kindOf(new RecordTooLargeException("2 MB"))).isEqualTo(Kind.UNKNOWN);
    assertThat(KafkaErrors.kindOf(new KafkaException("something else"))).isEqualTo(Kind.UNKNOWN);
  }
}
