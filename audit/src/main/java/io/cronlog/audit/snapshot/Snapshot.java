package io.cronlog.audit.snapshot;

import io.cronlog.audit.read.RecordRef;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import java.time.Instant;

/**
 * A ScheduledJob as cronlog knew it at one instant: the state the watcher had published last before
 * it (the object, spec and status, and the Jobs it controlled), rebuilt from the events.
 *
 * @param state the state then; null when the ScheduledJob did not exist then (or not yet)
 * @param observedAt when the event that made that state was observed
 * @param ref that event
 * @param deletedAt when the object of that name was deleted, if it was gone at {@code at}
 */
public record Snapshot(
    ScheduledJobKey key,
    Instant at,
    ScheduledJobState state,
    Instant observedAt,
    RecordRef ref,
    Instant deletedAt) {}
