package io.cronlog.cli.audit;

import io.cronlog.cli.CommandContext;
import io.cronlog.cli.Cronlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code cronlog ...} in-process as a user does, with cronlog's own error handling, but with
 * the audit commands given a fixed clock, an environment and a working directory of the test's
 * choosing: a test never reads the real environment or the directory it runs in.
 */
final class AuditCli {

  /** What one command line printed, and its exit status. */
  record Run(int status, String out, String err) {

    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private final CommandContext context;

  AuditCli(Instant now, Map<String, String> env, Path workingDirectory) {
    this.context =
        new CommandContext(Clock.fixed(now, ZoneOffset.UTC), Map.copyOf(env), workingDirectory);
  }

  /** Runs {@code cronlog args...} and returns what it printed. */
  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        Cronlog.commandLine(new Factory(context))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    int status = commandLine.execute(args);
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    return new Run(status, out.toString(), err.toString());
  }

  /** Builds the audit commands on the test's context, everything else as picocli does. */
  private record Factory(CommandContext context) implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == AuditCommand.class) {
        return type.cast(new AuditCommand(context));
      }
      if (type == VerifyCommand.class) {
        return type.cast(new VerifyCommand(context));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
