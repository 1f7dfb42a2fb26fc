package io.cronlog.audit.analyze;

import java.time.Duration;

/** Durations as a person reads them: {@code 0.4s}, {@code 12s}, {@code 3m05s}, {@code 2h10m}. */
public final class Durations {

  private Durations() {}

  public static String text(Duration duration) {
    if (duration.isNegative()) {
      return "-" + text(duration.negated());
    }
    long seconds = duration.getSeconds();
    if (seconds < 10) {
      return String.format("%.1fs", duration.toMillis() / 1000.0);
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    if (seconds < 86400) {
      return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
    return String.format("%dd%02dh", seconds / 86400, (seconds % 86400) / 3600);
  }
}
