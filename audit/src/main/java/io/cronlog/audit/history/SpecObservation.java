package io.cronlog.audit.history;

import io.cronlog.audit.read.RecordRef;
import java.time.Instant;

/** A ScheduledJob as one event showed it: when the watcher saw it, and its spec then. */
public record SpecObservation(Instant time, RecordRef ref, long generation, SpecView spec) {}
