package io.cronlog.records;

import io.cronlog.api.ScheduledJob;
import java.time.Instant;
import java.util.Objects;

/** A ScheduledJob was added, modified or deleted; {@code object} is the snapshot observed. */
public record ScheduledJobObserved(int schemaVersion, String id, Instant time, Change change,
    String resourceVersion, ScheduledJob object) implements EventRecord {

  public ScheduledJobObserved {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(object, "object");
  }
}
