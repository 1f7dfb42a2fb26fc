package io.cronlog.executor.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far ahead of this executor's clock the commands it receives are stamped: the largest {@code
 * time - receipt} over the last five minutes. The way from a decision to its receipt (the
 * scheduler's queue, Kafka, a backlog) only lowers a sample, so the largest is the closest estimate
 * of how far the clock that stamps furthest ahead (with several schedulers, the one most ahead)
 * runs ahead of ours: at most that, exactly that for a command received at once. Negative when ours
 * is ahead or everything received was delayed. Safe from any thread.
 */
public final class ObservedSkew {

  static final Duration WINDOW = Duration.ofMinutes(5);
  private static final long SLOT_SECONDS = 60;
  private static final int SLOTS = (int) (WINDOW.toSeconds() / SLOT_SECONDS);

  private final Clock clock;
  private final Duration allowed;
  private final Duration plausible;

  /** Per minute of our clock (slot = minute mod SLOTS), the largest sample; guarded by this. */
  private final long[] slotMinute = new long[SLOTS];

  private final long[] slotMaxMillis = new long[SLOTS];

  /** When the latest wait for our clock ends; guarded by this. */
  private Instant waitsUntil = Instant.MIN;

  /**
   * @param allowed how far ahead a command may be stamped before it waits (CRONLOG_MAX_CLOCK_SKEW)
   * @param plausible stamps further ahead than this are no clock's error and are left out
   */
  public ObservedSkew(Clock clock, Duration allowed, Duration plausible) {
    this.clock = clock;
    this.allowed = allowed;
    this.plausible = plausible;
    Arrays.fill(slotMinute, Long.MIN_VALUE);
  }

  /** A command stamped {@code stamp} is received now. */
  synchronized void received(Instant stamp) {
    Instant now = clock.instant();
    Duration ahead = Duration.between(now, stamp);
    if (ahead.compareTo(plausible) > 0) {
      return;
    }
    long minute = Math.floorDiv(now.getEpochSecond(), SLOT_SECONDS);
    int slot = (int) Math.floorMod(minute, (long) SLOTS);
    long millis = ahead.toMillis();
    if (slotMinute[slot] != minute) {
      slotMinute[slot] = minute;
      slotMaxMillis[slot] = millis;
    } else {
      slotMaxMillis[slot] = Math.max(slotMaxMillis[slot], millis);
    }
  }

  /** A command waits for our clock until {@code until}. */
  synchronized void waiting(Instant until) {
    if (until.isAfter(waitsUntil)) {
      waitsUntil = until;
    }
  }

  /** The estimate, in seconds; NaN when no command came in the last five minutes. */
  public double aheadSeconds() {
    OptionalLong millis = aheadMillis();
    return millis.isPresent() ? millis.getAsLong() / 1000.0 : Double.NaN;
  }

  /**
   * Why this executor is not ready, if its clock is behind: commands were stamped further ahead of
   * it than allowed in the last five minutes, or one still waits for it.
   */
  public Optional<String> behind() {
    OptionalLong millis = aheadMillis();
    boolean ahead = millis.isPresent() && millis.getAsLong() > allowed.toMillis();
    boolean waiting;
    synchronized (this) {
      waiting = clock.instant().isBefore(waitsUntil);
    }
    if (!ahead && !waiting) {
      return Optional.empty();
    }
    String by = millis.isPresent() ? Duration.ofMillis(millis.getAsLong()) + " " : "";
    return Optional.of(
        "this executor's clock runs "
            + by
            + "behind the clock that stamps its commands, more than"
            + " the allowed "
            + allowed
            + " (CRONLOG_MAX_CLOCK_SKEW): commands wait for it; check the clocks (NTP)");
  }

  private synchronized OptionalLong aheadMillis() {
    long current = Math.floorDiv(clock.instant().getEpochSecond(), SLOT_SECONDS);
    long max = Long.MIN_VALUE;
    boolean any = false;
    for (int i = 0; i < SLOTS; i++) {
      if (slotMinute[i] > current - SLOTS && slotMinute[i] <= current) {
        max = Math.max(max, slotMaxMillis[i]);
        any = true;
      }
    }
    return any ? OptionalLong.of(max) : OptionalLong.empty();
  }
}
