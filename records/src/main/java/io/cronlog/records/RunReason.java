package io.cronlog.records;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a {@link CreateJob} starts a run, from a fixed vocabulary, so that "what ran and why" needs
 * no text parsing.
 */
public enum RunReason {
  /** The most recent scheduled time, and the only one due since the previous run (or creation). */
  SCHEDULED("scheduled"),
  /**
   * The most recent of several due times: the earlier ones, after {@link
   * CreateJob#supersedesAfter()}, are superseded (the Kubernetes rule: only the most recent missed
   * time runs). This happens after downtime, after a resume, and after a Forbid wait.
   */
  CATCH_UP("catch-up"),
  /** Asked for through the {@code cronlog.io/trigger} annotation. */
  MANUAL("manual");

  private final String text;

  RunReason(String text) {
    this.text = text;
  }

  @JsonValue
  public String text() {
    return text;
  }

  /**
   * Reads a reason; records written before the vocabulary was fixed said {@code scheduled} or
   * {@code manual trigger <value>}, and read as {@link #SCHEDULED} and {@link #MANUAL}.
   */
  @JsonCreator
  public static RunReason of(String text) {
    for (RunReason reason : values()) {
      if (reason.text.equals(text)) {
        return reason;
      }
    }
    if (text != null && text.startsWith("manual trigger ")) {
      return MANUAL;
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a run reason (scheduled, catch-up, manual)");
  }

  @Override
  public String toString() {
    return text;
  }
}
