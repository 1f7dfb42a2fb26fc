package io.cronlog.faults;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of the suite does: how many ScheduledJobs, the shortest window per scenario, which
 * scenarios ({@code all}, {@code short} or names), the seed of every random draw, and where the
 * logs and the table go.
 */
public record SuiteOptions(
    int scheduledJobs, Duration window, String scenarios, long seed, Path out) {

  /** The short form CI runs in {@code ./mvnw verify}. */
  public static SuiteOptions shortForm(Path out) {
    return new SuiteOptions(40, Duration.ofMinutes(1), "short", 1, out);
  }

  public SuiteOptions {
    if (scheduledJobs < 1) {
      throw new IllegalArgumentException(
          "--scheduled-jobs must be at least 1, was " + scheduledJobs);
    }
    if (window.toSeconds() < 60 || window.toSeconds() % 60 != 0) {
      throw new IllegalArgumentException("--window is whole minutes, at least 1, was " + window);
    }
  }

  /**
   * Reads {@code --scheduled-jobs=N --window=MINUTES --scenarios=LIST --seed=S --out=DIR}; the rest
   * as the full suite's defaults.
   */
  public static SuiteOptions parse(String[] args) {
    int scheduledJobs = 200;
    Duration window = Duration.ofMinutes(2);
    String scenarios = "all";
    long seed = 1;
    Path out = Path.of("target");
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      if (pair.length != 2) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      switch (pair[0]) {
        case "--scheduled-jobs" -> scheduledJobs = (int) number(pair[0], pair[1]);
        case "--window" -> window = Duration.ofMinutes(number(pair[0], pair[1]));
        case "--scenarios" -> scenarios = pair[1];
        case "--seed" -> seed = number(pair[0], pair[1]);
        case "--out" -> out = Path.of(pair[1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + pair[0]
                    + "; known: --scheduled-jobs, --window, --scenarios, --seed, --out");
      }
    }
    return new SuiteOptions(scheduledJobs, window, scenarios, seed, out);
  }

  private static long number(String option, String text) {
    try {
      return option.equals("--scheduled-jobs") ? Integer.parseInt(text) : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, got '" + text + "'", e);
    }
  }
}
