package io.cronlog.records.codec;

import io.cronlog.records.CronlogRecord;

/** A record written with a schema version this build does not read. */
public final class UnsupportedSchemaVersionException extends MalformedRecordException {

  public UnsupportedSchemaVersionException(int found) {
    super(
        "schemaVersion "
            + found
            + " is not supported; this build reads schemaVersion "
            + CronlogRecord.SCHEMA_VERSION);
  }
}
