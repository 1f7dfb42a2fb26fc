package io.cronlog.audit.read;

import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.JobObserved;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one Kafka record into a {@link TrailRecord}: the record, or why it cannot be trusted (no
 * value, not decodable, or about another ScheduledJob than its key says). Never throws for a bad
 * record: a bad record is a finding of the audit.
 */
final class TrailDecoder {

  /** The type name of a record that could not be decoded, in its {@link RecordRef}. */
  static final String UNREADABLE = "unreadable";

  private final RecordCodec codec;

  TrailDecoder(RecordCodec codec) {
    this.codec = codec;
  }

  /** Decodes {@code consumed} as a record of the topic's payload type {@code type}. */
  TrailRecord decode(ConsumerRecord<String, byte[]> consumed, Class<? extends CronlogRecord> type) {
    Instant timestamp = Instant.ofEpochMilli(consumed.timestamp());
    String key = consumed.key();
    if (consumed.value() == null) {
      return unreadable(consumed, timestamp, "the record has no value (null)");
    }
    CronlogRecord record;
    try {
      record = codec.decode(consumed.value(), type);
    } catch (MalformedRecordException e) {
      return unreadable(consumed, timestamp, e.getMessage());
    } catch (RuntimeException e) {
      // The codec reports what it foresaw; anything else a record's bytes cause is still the
      // record's fault, and the audit goes on.
      return unreadable(consumed, timestamp, "cannot be decoded: " + e);
    }
    RecordRef ref =
        new RecordRef(
            consumed.topic(),
            consumed.partition(),
            consumed.offset(),
            record.id(),
            record.getClass().getSimpleName());
    String about = about(record);
    if (about != null && !about.equals(key)) {
      // Decoded, so its ref names it, but its story belongs to another key's history.
      return new TrailRecord(
          ref,
          timestamp,
          key,
          null,
          "written under key " + quoted(key) + " but about the ScheduledJob " + quoted(about));
    }
    return new TrailRecord(ref, timestamp, key, record, null);
  }

  /** The {@code namespace/name} of the ScheduledJob a record is about; null when it names none. */
  static String about(CronlogRecord record) {
    if (record instanceof ScheduledJobObserved observed) {
      ObjectMeta meta = observed.object().getMetadata();
      return meta == null ? "(no metadata)" : meta.getNamespace() + "/" + meta.getName();
    }
    if (record instanceof JobObserved observed) {
      ObjectMeta meta = observed.object().getMetadata();
      return (meta == null ? null : meta.getNamespace()) + "/" + observed.scheduledJob();
    }
    if (record instanceof CommandRecord command) {
      return command.target().key().toString();
    }
    if (record instanceof CommandOutcome outcome && outcome.target() != null) {
      return outcome.target().key().toString();
    }
    // A dead letter's key is its source record's, whatever that record was about.
    return null;
  }

  private static TrailRecord unreadable(
      ConsumerRecord<String, byte[]> consumed, Instant timestamp, String reason) {
    RecordRef ref =
        new RecordRef(consumed.topic(), consumed.partition(), consumed.offset(), null, UNREADABLE);
    return new TrailRecord(
        ref,
        timestamp,
        consumed.key(),
        null,
        Objects.requireNonNullElse(TrailUnavailableException.oneLine(reason), "unknown"));
  }

  private static String quoted(String key) {
    return key == null ? "(none)" : "'" + key + "'";
  }
}
