package io.cronlog.cli;

import io.cronlog.cli.audit.AuditCommand;
import io.cronlog.cli.dev.DevCommand;
import io.cronlog.cli.explain.ExplainCommand;
import io.cronlog.cli.service.ServiceCommand;
import io.cronlog.cli.status.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cronlog} command line. */
@Command(
    name = "cronlog",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Kubernetes CronJobs, event-sourced on Kafka.",
    subcommands = {
      DevCommand.class,
      NextCommand.class,
      ExplainCommand.class,
      AuditCommand.class,
      StatusCommand.class,
      ServiceCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Cronlog implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(helpWidth(commandLine(), System.getenv("COLUMNS")).execute(args));
  }

  /**
   * Help as wide as {@code columns}, the width a shell exports; without it, picocli asks the
   * terminal.
   */
  static CommandLine helpWidth(CommandLine line, String columns) {
    if (columns != null && columns.matches("\\d{1,4}")) {
      // picocli refuses a width under 55.
      line.setUsageHelpAutoWidth(false).setUsageHelpWidth(Math.max(55, Integer.parseInt(columns)));
    }
    return line;
  }

  /** The command line with cronlog's error handling: one line per bad argument, exit status 2. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /**
   * The same, its commands made by {@code factory} (tests give commands a clock and an
   * environment).
   */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    OneLineErrors errors = new OneLineErrors();
    return new CommandLine(new Cronlog(), factory)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors)
        .setHelpFactory(WordWrapHelp.factory())
        .setUsageHelpAutoWidth(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is required: dev, next, explain, audit, status, service, completion or help");
  }
}
