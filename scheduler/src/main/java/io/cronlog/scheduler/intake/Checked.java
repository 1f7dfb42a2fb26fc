package io.cronlog.scheduler.intake;

import io.cronlog.records.ScheduledJobKey;

/**
 * A record read from a topic that anyone allowed to write it may have filled: trusted, or why not.
 */
public sealed interface Checked<T> {

  /** A record whose key names the ScheduledJob it holds; {@code value} null for a tombstone. */
  record Trusted<T>(ScheduledJobKey key, T value) implements Checked<T> {}

  /** A record that cannot be trusted, and why: the reason its dead letter carries. */
  record Rejected<T>(String reason) implements Checked<T> {}
}
