package io.cronlog.records;

import java.time.Instant;

/**
 * What every record on a cronlog topic carries: the schema version it was written with, an id, and
 * the time it was made. Its {@code type} is the JSON type name of its record class.
 */
public sealed interface CronlogRecord
    permits ObservationRecord, StateRecord, CommandRecord, OutcomeRecord, DeadLetter {

  /** The only schema version this build writes and reads. */
  int SCHEMA_VERSION = 1;

  int schemaVersion();

  String id();

  Instant time();

  /** Checks the fields every record shares; called from each compact constructor. */
  static void requireEnvelope(int schemaVersion, String id, Instant time) {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "schemaVersion " + schemaVersion + " is not " + SCHEMA_VERSION);
    }
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id is required");
    }
    if (time == null) {
      throw new IllegalArgumentException("time is required");
    }
  }
}
