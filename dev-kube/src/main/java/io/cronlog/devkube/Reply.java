package io.cronlog.devkube;

import java.util.List;

/**
 * An HTTP answer the stand-in composes itself, rather than the CRUD mock.
 *
 * @param warnings values of {@code Warning} headers ({@link WarningHeader}), one header each
 */
record Reply(int code, String contentType, String body, List<String> warnings) {

  Reply {
    warnings = List.copyOf(warnings);
  }

  Reply(int code, String contentType, String body) {
    this(code, contentType, body, List.of());
  }

  static Reply json(String body) {
    return new Reply(200, "application/json", body);
  }

  static Reply status(int code, String statusJson) {
    return new Reply(code, "application/json", statusJson);
  }
}
