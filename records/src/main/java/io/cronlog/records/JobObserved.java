package io.cronlog.records;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Objects;

/** A Job owned by the ScheduledJob {@code scheduledJob} changed; {@code object} is the snapshot. */
public record JobObserved(int schemaVersion, String id, Instant time, Change change,
    String resourceVersion, String scheduledJob, Job object) implements EventRecord {

  public JobObserved {
    CronlogRecord.requireEnvelope(schemaVersion, id, time);
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(scheduledJob, "scheduledJob");
    Objects.requireNonNull(object, "object");
  }
}
