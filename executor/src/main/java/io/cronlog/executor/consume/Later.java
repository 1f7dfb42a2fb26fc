package io.cronlog.executor.consume;

import java.time.Instant;

/**
 * A command to come back to at {@code due}, having been through {@code tries}.
 *
 * @param aside the command waits for its own time only (a scheduled run not due yet by this
 *     executor's clock), so its ScheduledJob's later commands go on without it
 */
record Later(Instant due, Tries tries, boolean aside) {

  Later(Instant due, Tries tries) {
    this(due, tries, false);
  }
}
