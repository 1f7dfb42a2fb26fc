package io.cronlog.scheduler.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.scheduler.SchedulerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeadLettersTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final DeadLetters deadLetters =
      new DeadLetters(
          producer,
          "cronlog.dead-letter",
          new RecordCodec(),
          CLOCK,
          new SchedulerMetrics(registry));

  private final Logger logger = (Logger) LoggerFactory.getLogger(DeadLetters.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  @Test
  void sendsTheUntrustedRecordUnderItsKeyAndCountsIt() {
    deadLetters.send(untrusted(), "not a state record");
    producer.completeNext();

    assertThat(producer.history())
        .extracting(ProducerRecord::topic, ProducerRecord::key)
        .containsExactly(tuple("cronlog.dead-letter", "team-a/report"));
    assertThat(counter("cronlog.scheduler.dead.letters")).isEqualTo(1.0);
    assertThat(counter("cronlog.scheduler.dead.letter.failures")).isZero();
    assertThat(logs.list).noneMatch(event -> event.getLevel() == Level.ERROR);
  }

  @Test
  void countsAndLogsAtErrorADeadLetterKafkaDidNotWrite() {
    deadLetters.send(untrusted(), "not a state record");
    producer.errorNext(new TimeoutException("Expiring 1 record(s) for cronlog.dead-letter-0"));

    assertThat(counter("cronlog.scheduler.dead.letter.failures")).isEqualTo(1.0);
    assertThat(logs.list)
        .filteredOn(event -> event.getLevel() == Level.ERROR)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getFormattedMessage())
                  .isEqualTo(
                      "team-a/report: the dead letter of the record at cronlog.state-3@42 was not"
                          + " written to cronlog.dead-letter");
              assertThat(event.getThrowableProxy().getClassName())
                  .isEqualTo(TimeoutException.class.getName());
            });
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  private static ConsumerRecord<String, byte[]> untrusted() {
    return new ConsumerRecord<>(
        "cronlog.state", 3, 42L, "team-a/report", "{not json".getBytes(StandardCharsets.UTF_8));
  }
}
