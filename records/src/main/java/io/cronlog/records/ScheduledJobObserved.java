package io.cronlog.records;

import io.cronlog.api.ScheduledJob;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A ScheduledJob was added, modified or deleted; {@code object} is the snapshot observed, less the
 * parts named in {@code omitted} (see {@link ObservationRecord#omitted()}).
 */
public record ScheduledJobObserved(
    int schemaVersion,
    String id,
    Instant time,
    Change change,
    String resourceVersion,
    ScheduledJob object,
    List<String> omitted)
    implements ObservationRecord {

  public ScheduledJobObserved {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(object, "object");
    omitted = omitted == null ? List.of() : List.copyOf(omitted);
  }

  /** The observation of the whole object. */
  public ScheduledJobObserved(
      int schemaVersion,
      String id,
      Instant time,
      Change change,
      String resourceVersion,
      ScheduledJob object) {
    this(schemaVersion, id, time, change, resourceVersion, object, List.of());
  }
}
