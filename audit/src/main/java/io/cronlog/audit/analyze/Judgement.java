package io.cronlog.audit.analyze;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The span an audit judges and its tolerance: due times from {@code from} on (null: as far back as
 * the trail goes) and not after {@code until}; those after {@code pendingAfter} are too recent to
 * judge; a run created more than {@code maxSkew} after its time is late.
 */
public record Judgement(Instant from, Instant until, Instant pendingAfter, Duration maxSkew) {

  public Judgement {
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(pendingAfter, "pendingAfter");
    Objects.requireNonNull(maxSkew, "maxSkew");
  }

  /**
   * Judges up to {@code until}, leaving as pending what the pipeline may still be acting on at
   * {@code readAt}: a time less than the skew allowed plus a minute (a decision, a create, a watch)
   * before it.
   */
  public static Judgement of(Instant from, Instant until, Instant readAt, Duration maxSkew) {
    Instant settled = readAt.minus(maxSkew).minusSeconds(60);
    return new Judgement(from, until, settled.isBefore(until) ? settled : until, maxSkew);
  }

  /**
   * This judgement, starting no earlier than {@code start}: where retention deleted the older
   * records of a partition, what is left of the span before them cannot be judged. A run due at
   * {@code start} or later is decided, and recorded, at or after it, so its records are all kept.
   */
  public Judgement notBefore(Instant start) {
    if (start == null || (from != null && !start.isAfter(from))) {
      return this;
    }
    return new Judgement(start, until, pendingAfter, maxSkew);
  }

  /** Whether {@code t} lies in the span judged, both ends included. */
  public boolean covers(Instant t) {
    return (from == null || !t.isBefore(from)) && !t.isAfter(until);
  }

  /** The lower bound as an instant: the epoch when the whole trail is judged. */
  public Instant fromOrEpoch() {
    return from == null ? Instant.EPOCH : from;
  }
}
