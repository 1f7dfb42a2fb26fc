package io.cronlog.records.config;

import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads of a service's environment. Each key is read once, with its default; a bad value
 * fails the start with the key's name in the message.
 */
public final class Env {

  private final Map<String, String> variables;

  public Env(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The value of {@code key}, or {@code fallback} when it is unset or blank. */
  public String string(String key, String fallback) {
    String value = variables.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** The value of {@code key}; it must be set. */
  public String required(String key) {
    String value = string(key, null);
    if (value == null) {
      throw new IllegalArgumentException(key + " must be set");
    }
    return value;
  }

  /** An integer of at least {@code min}. */
  public int integer(String key, int fallback, int min) {
    int value = parse(key, fallback, Integer::parseInt);
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /** A duration written as ISO-8601 ({@code PT30S}) or as whole seconds ({@code 30}). */
  public java.time.Duration duration(String key, java.time.Duration fallback) {
    return parse(key, fallback, text -> text.chars().allMatch(Character::isDigit)
        ? java.time.Duration.ofSeconds(Long.parseLong(text)) : java.time.Duration.parse(text));
  }

  private <T> T parse(String key, T fallback, Function<String, T> parser) {
    String text = string(key, null);
    if (text == null) {
      return fallback;
    }
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " has an invalid value '" + text + "'", e);
    }
  }
}
