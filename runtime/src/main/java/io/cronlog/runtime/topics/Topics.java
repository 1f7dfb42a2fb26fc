package io.cronlog.runtime.topics;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of cronlog's topics under one prefix ({@code cronlog.} by default), so that several
 * installations can share a Kafka cluster.
 */
public record Topics(String prefix) {

  public static final String DEFAULT_PREFIX = "cronlog.";
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

  public Topics {
    if (prefix == null || !LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "topic prefix '" + prefix + "' may hold only letters, digits, '.', '_' and '-'");
    }
  }

  public static Topics withDefaultPrefix() {
    return new Topics(DEFAULT_PREFIX);
  }

  public String events() {
    return prefix + "events";
  }

  public String state() {
    return prefix + "state";
  }

  public String commands() {
    return prefix + "commands";
  }

  public String outcomes() {
    return prefix + "outcomes";
  }

  public String deadLetter() {
    return prefix + "dead-letter";
  }

  /** The topics that must share one partition count, so one ScheduledJob's story stays aligned. */
  public List<String> keyed() {
    return List.of(events(), state(), commands(), outcomes());
  }
}
