package io.cronlog.records;

import java.time.Instant;
import java.util.Objects;

/**
 * A record on {@code cronlog.dead-letter}: a record that could not be read or handled, where it
 * came from, why, and its bytes (as UTF-8 text, since every cronlog record is JSON).
 */
public record DeadLetter(int schemaVersion, String id, Instant time, String sourceTopic, int partition,
    long offset, String key, String reason, String payload) implements CronlogRecord {

  public DeadLetter {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    Objects.requireNonNull(reason, "reason");
  }

  /** The dead letter of the record at {@code sourceTopic/partition/offset}; its id derives from there. */
  public static DeadLetter of(String sourceTopic, int partition, long offset, String key, String reason,
      String payload, Instant now) {
    String id = RecordIds.of("dead-letter", sourceTopic, Integer.toString(partition), Long.toString(offset));
    return new DeadLetter(SCHEMA_VERSION, id, now, sourceTopic, partition, offset, key, reason, payload);
  }
}
