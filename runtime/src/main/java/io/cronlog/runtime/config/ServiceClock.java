package io.cronlog.runtime.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock a service runs on: the system's UTC clock, shifted by {@value #OFFSET} for fault
 * drills, so that the fault suite can run one service minutes ahead of (or behind) the others
 * without touching the machine's clock.
 */
public final class ServiceClock {

  /**
   * A fault drill setting: how far this service's clock is off, {@code 2m}, {@code -90s} or
   * ISO-8601.
   */
  public static final String OFFSET = "CRONLOG_CLOCK_OFFSET";

  private static final Logger LOG = LoggerFactory.getLogger(ServiceClock.class);
  private static final Pattern SHORT = Pattern.compile("([+-]?)(\\d+)([smh])");

  private ServiceClock() {}

  /** The system UTC clock, offset by {@value #OFFSET} when that is set. */
  public static Clock fromEnvironment(Map<String, String> env) {
    Duration offset = offset(env);
    if (offset.isZero()) {
      return Clock.systemUTC();
    }
    LOG.warn(
        "This service's clock is {} off the system clock ({}): a fault drill setting, never for production",
        offset,
        OFFSET);
    return Clock.offset(Clock.systemUTC(), offset);
  }

  /** The offset {@value #OFFSET} asks for; zero when unset. */
  static Duration offset(Map<String, String> env) {
    String text = new Env(env).string(OFFSET, null);
    if (text == null) {
      return Duration.ZERO;
    }
    Matcher shortForm = SHORT.matcher(text);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(2));
      Duration unit =
          switch (shortForm.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
          };
      Duration offset = unit.multipliedBy(amount);
      return shortForm.group(1).equals("-") ? offset.negated() : offset;
    }
    // Anything else as the other duration keys read it: ISO-8601 (PT2M, -PT2M) or whole seconds.
    return new Env(env).duration(OFFSET, Duration.ZERO);
  }
}
