package io.cronlog.devkube;

/** An HTTP answer the stand-in composes itself, rather than the CRUD mock. */
record Reply(int code, String contentType, String body) {

  static Reply json(String body) {
    return new Reply(200, "application/json", body);
  }

  static Reply status(int code, String statusJson) {
    return new Reply(code, "application/json", statusJson);
  }
}
