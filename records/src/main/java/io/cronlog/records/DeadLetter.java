package io.cronlog.records;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record on {@code cronlog.dead-letter}: a record that could not be read, handled or written,
 * where it came from (or was bound for), why, and its bytes (as UTF-8 text, since every cronlog
 * record is JSON). A record that was never written has partition and offset {@value #UNWRITTEN};
 * its payload may be null when another dead letter, named in the reason, holds it.
 */
public record DeadLetter(
    int schemaVersion,
    String id,
    Instant time,
    String sourceTopic,
    int partition,
    long offset,
    String key,
    String reason,
    String payload)
    implements CronlogRecord {

  /** The partition and offset of a record that never reached its topic. */
  public static final int UNWRITTEN = -1;

  public DeadLetter {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The dead letter of the record at {@code sourceTopic/partition/offset}; its id derives from
   * there.
   */
  public static DeadLetter of(
      String sourceTopic,
      int partition,
      long offset,
      String key,
      String reason,
      String payload,
      Instant now) {
    String id =
        RecordIds.of(
            "dead-letter", sourceTopic, Integer.toString(partition), Long.toString(offset));
    return new DeadLetter(
        SCHEMA_VERSION, id, now, sourceTopic, partition, offset, key, reason, payload);
  }

  /** The dead letter of a record read from Kafka, its bytes kept as UTF-8 text. */
  public static DeadLetter of(ConsumerRecord<String, byte[]> record, String reason, Instant now) {
    return of(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        reason,
        record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
        now);
  }

  /**
   * The dead letter of record {@code recordId}, refused by {@code targetTopic} before it was
   * written; its id derives from the record's, so the same refusal made again has one id.
   */
  public static DeadLetter unwritten(
      String targetTopic, String key, String recordId, String reason, String payload, Instant now) {
    return new DeadLetter(
        SCHEMA_VERSION,
        unwrittenId(targetTopic, recordId),
        now,
        targetTopic,
        UNWRITTEN,
        UNWRITTEN,
        key,
        reason,
        payload);
  }

  /**
   * The id of {@link #unwritten}'s dead letter of record {@code recordId} refused by {@code
   * targetTopic}.
   */
  public static String unwrittenId(String targetTopic, String recordId) {
    return RecordIds.of("dead-letter", targetTopic, recordId);
  }
}
