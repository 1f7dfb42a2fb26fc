package io.cronlog.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.records.JobObserved;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.KafkaFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads what the watcher published on a test's events topic. */
final class Published {

  private static final RecordCodec CODEC = new RecordCodec();

  private Published() {}

  /** Every committed event on the topic, waiting until there are at least {@code count}. */
  static List<ObservationRecord> awaitEvents(KafkaFixture kafka, int count) {
    List<ObservationRecord> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              events.clear();
              events.addAll(events(kafka));
              assertThat(events).hasSizeGreaterThanOrEqualTo(count);
            });
    return events;
  }

  /** Every committed event on the topic now. */
  static List<ObservationRecord> events(KafkaFixture kafka) {
    List<ObservationRecord> events = new ArrayList<>();
    for (String value : kafka.readAllValues(kafka.topic("events"))) {
      try {
        events.add(CODEC.decode(value.getBytes(StandardCharsets.UTF_8), ObservationRecord.class));
      } catch (MalformedRecordException e) {
        throw new UncheckedIOException(new IOException(e));
      }
    }
    return events;
  }

  /** "ScheduledJob name CHANGE" or "Job name CHANGE" for each event, in order. */
  static List<String> describe(List<ObservationRecord> events) {
    return events.stream()
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
}
