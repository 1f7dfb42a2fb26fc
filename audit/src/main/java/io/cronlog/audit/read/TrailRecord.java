package io.cronlog.audit.read;

import io.cronlog.records.CronlogRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * One record of the trail as read: where it is, the key it was written under, and either the record
 * or why it could not be read (not JSON, an unknown type or schema version, a key that is not its
 * ScheduledJob's). An unreadable record is a finding of the audit, never an error.
 *
 * @param timestamp the Kafka timestamp (the producer's create time)
 * @param record null exactly when {@code unreadable} is set
 * @param unreadable why the record could not be read, else null
 */
public record TrailRecord(
    RecordRef ref, Instant timestamp, String key, CronlogRecord record, String unreadable) {

  public TrailRecord {
    Objects.requireNonNull(ref, "ref");
    if ((record == null) == (unreadable == null)) {
      throw new IllegalArgumentException(
          "a trail record is either read or unreadable, not both or neither");
    }
  }

  public boolean readable() {
    return record != null;
  }
}
