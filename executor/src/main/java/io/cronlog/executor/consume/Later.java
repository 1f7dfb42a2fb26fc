package io.cronlog.executor.consume;

import java.time.Instant;

/** A command to come back to at {@code due}, having been through {@code tries}. */
record Later(Instant due, Tries tries) {}
