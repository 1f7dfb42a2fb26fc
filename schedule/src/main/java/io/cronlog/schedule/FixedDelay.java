package io.cronlog.schedule;

/**
 * {@code @every <duration>}: fires at the previous reference time plus the delay, in whole seconds.
 * The zone plays no part, so "@every 24h" drifts against wall time across a daylight-saving change.
 */
record FixedDelay(long seconds) implements Recurrence {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  FixedDelay {
    if (seconds < 1) {
      throw new IllegalArgumentException("delay must be at least one second, was " + seconds);
    }
  }

  /** robfig's rule: anything below one second (zero and negative included) becomes one second. */
  static FixedDelay ofNanos(long nanos) {
    return new FixedDelay(Math.max(nanos, NANOS_PER_SECOND) / NANOS_PER_SECOND);
  }

  @Override
  public long nextEpochSecond(long afterEpochSecond, ZoneTimeline zone) {
    return afterEpochSecond + seconds;
  }
}
