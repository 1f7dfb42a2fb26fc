package io.cronlog.ops;

import java.util.Map;

/** Where a service serves its probes and metrics. */
public record OpsConfig(int port) {

  public static final String PORT = "CRONLOG_OPS_PORT";
  public static final int DEFAULT_PORT = 8080;

  public OpsConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT + " must be from 0 to 65535, was " + port);
    }
  }

  /** Reads {@value #PORT} (default {@value #DEFAULT_PORT}) from the environment. */
  public static OpsConfig fromEnvironment(Map<String, String> environment) {
    String text = environment.get(PORT);
    if (text == null || text.isBlank()) {
      return new OpsConfig(DEFAULT_PORT);
    }
    try {
      return new OpsConfig(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT + " has an invalid value '" + text + "'", e);
    }
  }
}
