package io.cronlog.runtime.config;

/**
 * A password or key read from a mounted file at start. It prints as {@value #MASK}, so a config
 * record that holds one can be logged whole; only the Kafka client properties reveal it.
 */
public final class Secret {

  /** How every secret prints. */
  public static final String MASK = "[hidden]";

  private final String value;

  public Secret(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    this.value = value;
  }

  /** The secret's text, for the one place that hands it to Kafka. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return MASK;
  }
}
