package io.cronlog.scheduler;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The CreateJob commands on {@code cronlog.commands}, as they arrive; for waiting in tests. */
final class CreatedRuns implements AutoCloseable {

  private final TopicReader reader;
  private final RecordCodec codec = new RecordCodec();
  private final List<CreateJob> seen = new ArrayList<>();

  CreatedRuns(String bootstrapServers, String commandsTopic) {
    this.reader = TopicReader.start(bootstrapServers, commandsTopic);
  }

  /**
   * Waits for the first CreateJob, among those not yet seen, that matches; fails after {@code
   * timeout}.
   */
  CreateJob await(Predicate<CreateJob> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerRecord<String, String> record = reader.poll(Duration.ofMillis(200));
      if (record != null && decode(record.value()) instanceof CreateJob run) {
        seen.add(run);
        if (wanted.test(run)) {
          return run;
        }
      }
    }
    throw new AssertionError("No matching CreateJob within " + timeout + "; saw " + seen);
  }

  static CommandRecord decode(String value) {
    try {
      return new RecordCodec().decode(value.getBytes(StandardCharsets.UTF_8), CommandRecord.class);
    } catch (MalformedRecordException e) {
      throw new AssertionError("Unreadable command: " + value, e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    reader.close();
  }
}
