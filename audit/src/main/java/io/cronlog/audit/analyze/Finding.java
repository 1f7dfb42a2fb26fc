package io.cronlog.audit.analyze;

import io.cronlog.audit.read.RecordRef;
import io.cronlog.records.ScheduledJobKey;
import java.time.Instant;
import java.util.List;

/**
 * Something the trail shows that breaks one of cronlog's promises, with the records that prove it.
 *
 * @param uid the ScheduledJob object's uid, or null when the record could not be read
 * @param time the scheduled time it is about, or the time of the record
 */
public record Finding(
    Kind kind,
    ScheduledJobKey key,
    String uid,
    Instant time,
    String message,
    List<RecordRef> proof) {

  public Finding {
    proof = List.copyOf(proof);
  }

  /** The kinds of finding, as {@code cronlog audit verify} names them. */
  public enum Kind {
    /** A due time with no Job and no recorded reason the Kubernetes rules accept. */
    MISSED("missed"),
    /** More than one Job for one run, or one run's Job created twice. */
    DUPLICATE("duplicate"),
    /** A run whose Job was created more than the allowed skew after its time. */
    LATE("late"),
    /**
     * A Job the ScheduledJob controls that no command asked for, or a run at a time that was not
     * due.
     */
    UNEXPLAINED("unexplained"),
    /** A command the executor refused. */
    REFUSED("refused"),
    /** A command the executor gave up on. */
    FAILED("failed"),
    /** A record of the trail that could not be read. */
    UNREADABLE("unreadable"),
    /**
     * A recorded command that the decision core, run again on the recorded inputs, does not make.
     */
    NOT_DECIDED("not-decided"),
    /** A recorded command that the decision core, run again, makes differently. */
    DECIDED_DIFFERENTLY("decided-differently"),
    /**
     * Inputs rebuilt from cronlog.events that are not what the scheduler recorded it decided on.
     */
    INPUTS_DIFFER("inputs-differ");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
