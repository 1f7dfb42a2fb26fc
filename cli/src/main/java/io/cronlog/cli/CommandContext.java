package io.cronlog.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command that reads the running system takes of the world besides its arguments: the time,
 * the environment, the working directory. Tests give their own.
 */
public record CommandContext(Clock clock, Map<String, String> env, Path workingDirectory) {

  public static CommandContext system() {
    return new CommandContext(Clock.systemUTC(), System.getenv(), Path.of("").toAbsolutePath());
  }
}
