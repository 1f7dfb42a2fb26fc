package io.cronlog.audit.history;

import io.cronlog.audit.read.RecordRef;
import java.time.Instant;

/**
 * A decision about one scheduled time, as the trail records it: a run commanded for it, or an Event
 * saying why it did not run (skipped by Forbid, missed past its deadline, too many missed). The
 * Kubernetes rule that only the most recent due time is considered shows in these: a due time that
 * no decision ever considered, while a later one was, was superseded.
 *
 * @param decidedAt when the decision was made (the command's time)
 * @param scheduledTime the time it considered
 * @param what {@code CreateJob}, or the Event's reason
 */
public record TimeDecision(
    Instant decidedAt,
    Instant scheduledTime,
    String what,
    Instant supersedesAfter,
    RecordRef ref) {}
