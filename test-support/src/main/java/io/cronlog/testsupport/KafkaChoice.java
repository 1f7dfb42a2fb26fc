package io.cronlog.testsupport;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Which Kafka the integration tests run against, and how that is decided. */
public enum KafkaChoice {
  /** Apache Kafka's own broker in this JVM: needs nothing but the classpath. */
  EMBEDDED,
  /** Apache Kafka's image in a container: needs a Docker engine. */
  CONTAINER;

  /** System property that forces a choice ({@code embedded} or {@code container}). */
  public static final String PROPERTY = "cronlog.test.kafka";

  /** Environment variable read when the system property is absent. */
  public static final String ENV = "CRONLOG_TEST_KAFKA";

  /** The forced value from the system property or the environment, or {@code null}. */
  static String forcedValue() {
    String property = System.getProperty(PROPERTY);
    return property != null && !property.isBlank() ? property : System.getenv(ENV);
  }

  /**
   * The container when Docker is reachable, the embedded broker otherwise, unless {@code forced}
   * names one. Docker is only probed when it matters; forcing a container without it fails.
   */
  static KafkaChoice decide(String forced, BooleanSupplier dockerAvailable) {
    if (forced == null || forced.isBlank()) {
      return dockerAvailable.getAsBoolean() ? CONTAINER : EMBEDDED;
    }
    KafkaChoice choice =
        switch (forced.trim().toLowerCase(Locale.ROOT)) {
          case "embedded" -> EMBEDDED;
          case "container" -> CONTAINER;
          default ->
              throw new IllegalArgumentException(
                  PROPERTY + " must be 'embedded' or 'container', was '" + forced + "'");
        };
    if (choice == CONTAINER && !dockerAvailable.getAsBoolean()) {
      throw new IllegalStateException(
          PROPERTY + "=container, but no Docker engine is reachable: start one or use 'embedded'");
    }
    return choice;
  }
}
