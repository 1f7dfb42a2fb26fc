package io.cronlog.devkube;

/**
 * A {@code Warning} response header as the API server writes one (RFC 7234, code 299, no agent),
 * which kubectl prints as {@code Warning: <text>}.
 */
final class WarningHeader {

  static final String NAME = "Warning";

  private WarningHeader() {}

  /** {@code 299 - "<text>"}, with quotes and backslashes in the text escaped. */
  static String of(String text) {
    return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
