package io.cronlog.cli;

import io.cronlog.audit.read.DevFiles;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Reports a bad argument in one line on standard error, naming the command whose help explains it,
 * and exits with status 2 (picocli's usage status), instead of printing the whole usage; a failure
 * while running gets one line too.
 */
final class OneLineErrors
    implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OneLineErrors.class);

  /**
   * The exit status of a bug: sysexits' EX_SOFTWARE, apart from 1, which {@code audit verify} uses
   * for findings, so that a script never takes a crash for a verdict.
   */
  static final int BUG = 70;

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * A command that failed while running: one line. A failure the user can fix (a path that cannot
   * be written, a port already taken) exits with status 2 like a bad argument; anything else is a
   * bug, exits with status {@link #BUG} and says where its stack trace was written.
   */
  @Override
  public int handleExecutionException(
      Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    String name = command.getCommandSpec().qualifiedName();
    LOG.error("{} failed", name, e);
    Optional<String> userError = userError(e);
    if (userError.isPresent()) {
      command.getErr().println(name + ": " + userError.get());
      return command.getCommandSpec().exitCodeOnInvalidInput();
    }
    command
        .getErr()
        .println(name + ": failed: " + e + " (a bug; the stack trace is in " + logFile() + ")");
    return BUG;
  }

  /**
   * What the user can fix, said in a line, if a cause of {@code e} is a file or a port they chose.
   */
  static Optional<String> userError(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FileSystemException file) {
        return Optional.of(file.getFile() + ": " + reason(file));
      }
      if (cause instanceof BindException) {
        return Optional.of(
            e.getMessage()
                + ": a port it needs is taken ("
                + cause.getMessage()
                + "); choose another port, or 0 for a free one");
      }
    }
    return Optional.empty();
  }

  private static String reason(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
  }

  /** Where logback writes (logback.xml's default when bin/cronlog did not say). */
  private static Path logFile() {
    return Path.of(System.getProperty("cronlog.log.file", DevFiles.LOG)).toAbsolutePath();
  }
}
