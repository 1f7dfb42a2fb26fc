package io.cronlog.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed reads of a service's environment. Each key is read once, with its default; a bad value
 * fails the start with the key's name in the message. A renamed key is still read under its old
 * name for one release ({@link #withOldNames}).
 */
public final class Env {

  private static final Logger LOG = LoggerFactory.getLogger(Env.class);

  private final Map<String, String> variables;

  /** The name each renamed key had before, by its new name. */
  private final Map<String, String> oldNames;

  public Env(Map<String, String> variables) {
    this(variables, Map.of());
  }

  private Env(Map<String, String> variables, Map<String, String> oldNames) {
    this.variables = Map.copyOf(variables);
    this.oldNames = Map.copyOf(oldNames);
  }

  /**
   * This environment where each key of {@code oldNames} is also read under the name it maps to, the
   * one it had before; when both are set, the new name wins. Logs a warning for each old name that
   * is set ({@link #deprecations()}): a service reads its config once, at start.
   */
  public Env withOldNames(Map<String, String> oldNames) {
    Env env = new Env(variables, oldNames);
    env.deprecations().forEach(LOG::warn);
    return env;
  }

  /**
   * One line for each old name that is set, naming the key that replaces it and, when that key is
   * set too, which of the two is read.
   */
  public List<String> deprecations() {
    return oldNames.entrySet().stream()
        .filter(renamed -> isSet(renamed.getValue()))
        .sorted(Map.Entry.comparingByValue())
        .map(
            renamed -> {
              String key = renamed.getKey();
              String old = renamed.getValue();
              String line = old + " is deprecated; use " + key;
              return isSet(key)
                  ? line + ". Both are set: " + key + " is read and " + old + " ignored"
                  : line;
            })
        .toList();
  }

  /**
   * The value of {@code key} (or of its old name, when only that is set), or {@code fallback} when
   * unset or blank.
   */
  public String string(String key, String fallback) {
    String value = raw(setAs(key));
    return value == null ? fallback : value;
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
      throw new IllegalArgumentException(
          named(key) + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /** A duration written as ISO-8601 ({@code PT30S}) or as whole seconds ({@code 30}). */
  public Duration duration(String key, Duration fallback) {
    return parse(
        key,
        fallback,
        text ->
            text.chars().allMatch(Character::isDigit)
                ? Duration.ofSeconds(Long.parseLong(text))
                : Duration.parse(text));
  }

  /** One of {@code allowed}, compared ignoring case and returned as written there. */
  public String oneOf(String key, String fallback, List<String> allowed) {
    String value = string(key, fallback);
    return allowed.stream()
        .filter(value::equalsIgnoreCase)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    named(key)
                        + " must be one of "
                        + String.join(", ", allowed)
                        + ", was '"
                        + value
                        + "'"));
  }

  /** The file {@code key} names, which must exist and be readable; null when unset. */
  public Path file(String key) {
    String text = string(key, null);
    if (text == null) {
      return null;
    }
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(key + " is not a file name: '" + text + "'", e);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(key + " names " + path + ", which is not a file");
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(key + " names " + path + ", which cannot be read");
    }
    return path;
  }

  /**
   * The text of the file {@code key} names, read now, without a trailing line break (a Secret made
   * with {@code echo} has one; Strimzi's have none); null when unset.
   */
  public Secret secretFile(String key) {
    Path path = file(key);
    if (path == null) {
      return null;
    }
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // The message names the file, never what it holds.
      throw new IllegalArgumentException(
          key + " names " + path + ", which cannot be read: " + e.getClass().getSimpleName(), e);
    }
    text = text.replaceAll("[\\r\\n]+$", "");
    if (text.isEmpty()) {
      throw new IllegalArgumentException(key + " names " + path + ", which is empty");
    }
    return new Secret(text);
  }

  /**
   * Throws, naming the first of {@code keys} that is set, when keys that would be ignored are set.
   */
  public void forbid(Set<String> keys, String because) {
    keys.stream()
        .sorted()
        .filter(key -> string(key, null) != null)
        .findFirst()
        .ifPresent(
            key -> {
              throw new IllegalArgumentException(key + " is set, but " + because);
            });
  }

  /** A decimal number written as Java reads a double ({@code 2.5}). */
  public double decimal(String key, double fallback) {
    return parse(key, fallback, Double::parseDouble);
  }

  private <T> T parse(String key, T fallback, Function<String, T> parser) {
    String text = string(key, null);
    if (text == null) {
      return fallback;
    }
    try {
      return parser.apply(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(named(key) + " has an invalid value '" + text + "'", e);
    }
  }

  /** The name {@code key}'s value is read under: its own, or its old name when only that is set. */
  private String setAs(String key) {
    String old = oldNames.get(key);
    return old != null && !isSet(key) && isSet(old) ? old : key;
  }

  /**
   * {@code key} as an error message names it: the variable that holds the value, and its new name
   * if renamed.
   */
  private String named(String key) {
    String name = setAs(key);
    return name.equals(key) ? key : name + " (now " + key + ")";
  }

  private boolean isSet(String name) {
    return raw(name) != null;
  }

  /** The trimmed value of the variable {@code name}; null when unset or blank. */
  private String raw(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
