package io.cronlog.scheduler.intake;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.StateRecord;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the records the scheduler reads and checks that each is what its key says. Anyone who may
 * write {@code cronlog.state} or {@code cronlog.commands} can write anything to it, and a compacted
 * topic keeps it: a record that fails here goes to the dead letters, and its partition goes on.
 * Thread-safe; used on the consumer thread, so that decoding a restore's JSON does not hold up the
 * decision threads.
 */
public final class RecordChecks {

  private final RecordCodec codec;

  public RecordChecks(RecordCodec codec) {
    this.codec = codec;
  }

  /** A state record: the ScheduledJob's latest state, or null for a tombstone. */
  public Checked<ScheduledJobState> state(ConsumerRecord<String, byte[]> record) {
    try {
      ScheduledJobKey key = ScheduledJobKey.parse(record.key());
      if (record.value() == null) {
        return new Checked.Trusted<>(key, null);
      }
      ScheduledJobState state = (ScheduledJobState) codec.decode(record.value(), StateRecord.class);
      return state
          .keyMismatch(key)
          .<Checked<ScheduledJobState>>map(Checked.Rejected::new)
          .orElseGet(() -> new Checked.Trusted<>(key, state));
    } catch (IllegalArgumentException | MalformedRecordException e) {
      return new Checked.Rejected<>(e.getMessage());
    }
  }

  /** A command found on {@code cronlog.commands} at restore, filed under the key of its target. */
  public Checked<CommandRecord> command(ConsumerRecord<String, byte[]> record) {
    try {
      ScheduledJobKey key = ScheduledJobKey.parse(record.key());
      CommandRecord command = codec.decode(record.value(), CommandRecord.class);
      if (!command.target().key().equals(key)) {
        return new Checked.Rejected<>(
            "record key '"
                + record.key()
                + "' is not the command's target "
                + command.target().key());
      }
      return new Checked.Trusted<>(key, command);
    } catch (IllegalArgumentException | MalformedRecordException e) {
      return new Checked.Rejected<>(e.getMessage());
    }
  }
}
