package io.cronlog.runtime.config;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a service's {@code Main} stops on a bad setting: one line that names the key, no stack trace.
 */
public final class BadConfig {

  private static final Logger LOG = LoggerFactory.getLogger(BadConfig.class);

  /**
   * The exit status of a start refused for its configuration, apart from a failure later on (1).
   */
  public static final int EXIT_STATUS = 2;

  private BadConfig() {}

  /** Returns what {@code read} reads, or logs its message and exits when a setting is invalid. */
  public static <T> T exitIfInvalid(String service, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      // The message names the key; a secret's file is named, never its content.
      LOG.error("The {} cannot start: {}", service, e.getMessage());
      System.exit(EXIT_STATUS);
      throw e;
    }
  }
}
