package io.cronlog.audit.render.html;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The span mapped onto a fixed width of pixels, with ticks at round UTC times. The width stays
 * fixed whatever the span so that a page of a few thousand runs is as wide as a page of ten.
 */
final class TimeAxis {

  static final int WIDTH = 1000;

  /** Room at each end so that a mark at the very start or end of the span is drawn whole. */
  static final int MARGIN = 24;

  private static final int WANTED_TICKS = 8;

  /** Steps a tick may take, so that labels fall on times a person would choose. */
  private static final List<Duration> STEPS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(2),
          Duration.ofDays(7),
          Duration.ofDays(14),
          Duration.ofDays(28),
          Duration.ofDays(91),
          Duration.ofDays(182),
          Duration.ofDays(364));

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_MINUTES =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAYS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);

  private final Instant from;
  private final Instant until;
  private final double millis;

  /**
   * An axis from {@code from} to {@code until}; an empty or reversed span is widened to a minute.
   */
  TimeAxis(Instant from, Instant until) {
    this.from = from;
    this.until = until.isAfter(from) ? until : from.plusSeconds(60);
    this.millis = Duration.between(this.from, this.until).toMillis();
  }

  Instant from() {
    return from;
  }

  Instant until() {
    return until;
  }

  /**
   * Where {@code time} falls, kept inside the drawing so that nothing the trail holds is lost off
   * an edge.
   */
  double x(Instant time) {
    double share = Duration.between(from, time).toMillis() / millis;
    return MARGIN + Math.max(0, Math.min(1, share)) * (WIDTH - 2 * MARGIN);
  }

  /** One tick: its place and its label in UTC. */
  record Tick(double x, String label) {}

  List<Tick> ticks() {
    Duration step = step();
    long stepMillis = step.toMillis();
    // Counting from the epoch puts ticks on round UTC times: whole hours, midnights.
    long first = Math.floorDiv(from.toEpochMilli() + stepMillis - 1, stepMillis) * stepMillis;
    boolean oneDay =
        from.atZone(ZoneOffset.UTC)
            .toLocalDate()
            .equals(until.atZone(ZoneOffset.UTC).toLocalDate());
    DateTimeFormatter format =
        step.compareTo(Duration.ofDays(1)) >= 0
            ? DAYS
            : step.compareTo(Duration.ofMinutes(1)) < 0 ? SECONDS : oneDay ? MINUTES : DAY_MINUTES;
    List<Tick> ticks = new ArrayList<>();
    for (long t = first; t <= until.toEpochMilli(); t += stepMillis) {
      Instant time = Instant.ofEpochMilli(t);
      ticks.add(new Tick(x(time), format.format(time)));
    }
    return ticks;
  }

  /** The smallest round step that gives no more than about {@value #WANTED_TICKS} ticks. */
  private Duration step() {
    for (Duration step : STEPS) {
      if (millis / step.toMillis() <= WANTED_TICKS) {
        return step;
      }
    }
    return STEPS
        .get(STEPS.size() - 1)
        .multipliedBy(
            (long) Math.ceil(millis / STEPS.get(STEPS.size() - 1).toMillis() / WANTED_TICKS));
  }
}
