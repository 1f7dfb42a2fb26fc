package io.cronlog.records;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Job owned by the ScheduledJob {@code scheduledJob} changed; {@code object} is the snapshot,
 * less the parts named in {@code omitted} (see {@link ObservationRecord#omitted()}).
 */
public record JobObserved(
    int schemaVersion,
    String id,
    Instant time,
    Change change,
    String resourceVersion,
    String scheduledJob,
    Job object,
    List<String> omitted)
    implements ObservationRecord {

  public JobObserved {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(scheduledJob, "scheduledJob");
    Objects.requireNonNull(object, "object");
    omitted = omitted == null ? List.of() : List.copyOf(omitted);
  }

  /** The observation of the whole Job. */
  public JobObserved(
      int schemaVersion,
      String id,
      Instant time,
      Change change,
      String resourceVersion,
      String scheduledJob,
      Job object) {
    this(schemaVersion, id, time, change, resourceVersion, scheduledJob, object, List.of());
  }
}
