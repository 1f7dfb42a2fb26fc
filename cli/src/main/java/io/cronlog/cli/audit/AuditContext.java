package io.cronlog.cli.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What the audit commands read of the world besides their arguments: the time, the environment, the directory. */
record AuditContext(Clock clock, Map<String, String> env, Path workingDirectory) {

  static AuditContext system() {
    return new AuditContext(Clock.systemUTC(), System.getenv(), Path.of("").toAbsolutePath());
  }
}
