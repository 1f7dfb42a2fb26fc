package io.cronlog.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Reports a bad argument in one line on standard error, naming the command whose help explains
 * it, and exits with status 2 (picocli's usage status), instead of printing the whole usage; a
 * failure while running gets one line too, and exit status 1.
 */
final class OneLineErrors implements CommandLine.IParameterExceptionHandler,
    CommandLine.IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OneLineErrors.class);

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** A command that failed while running: one line here, the whole story in the log. */
  @Override
  public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    LOG.error("{} failed", command.getCommandSpec().qualifiedName(), e);
    String log = System.getProperty("cronlog.log.file");
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": failed: " + e
        + (log == null ? "" : " (the stack trace is in " + log + ")"));
    return command.getCommandSpec().exitCodeOnExecutionException();
  }
}
