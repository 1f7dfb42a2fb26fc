package io.cronlog.cli.audit;

import io.cronlog.audit.Audit;
import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.read.KafkaConnection;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.audit.read.TrailUnavailableException;
import io.cronlog.audit.render.html.HtmlReport;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.cli.CommandContext;
import io.cronlog.records.ScheduledJobKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * What the audit commands do alike: connect, read, and report a trail that cannot be read in one
 * line.
 */
final class AuditRuns {

  /**
   * Exit status for a bad argument or a trail that cannot be read, as for picocli's usage errors.
   */
  static final int CANNOT_READ = 2;

  /** The work of one command on an open trail; returns the exit status. */
  interface Work {
    int run(Audit audit, KafkaConnection connection);
  }

  private AuditRuns() {}

  static int withTrail(
      CommandLine command, CommandContext context, TrailOptions options, Work work) {
    String name = command.getCommandSpec().qualifiedName();
    try {
      KafkaConnection connection =
          KafkaConnection.resolve(options.kafkaFlags(), context.env(), context.workingDirectory());
      try (TrailReader reader = new TrailReader(connection)) {
        int status = work.run(new Audit(reader, connection.topics()), connection);
        command.getOut().flush();
        return status;
      }
    } catch (TrailUnavailableException e) {
      command.getOut().flush();
      command.getErr().println(name + ": " + e.getMessage());
      return CANNOT_READ;
    }
  }

  /** The one self-contained page of {@code -o html}. */
  static void html(
      PrintWriter out,
      String command,
      KafkaConnection connection,
      Judgement judgement,
      Map<ScheduledJobKey, List<TimelineEntry>> timelines,
      Map<ScheduledJobKey, List<Finding>> findings) {
    String title =
        command
            + ", "
            + (judgement.from() == null ? "from the trail's beginning" : "from " + judgement.from())
            + " to "
            + judgement.until()
            + ", read from "
            + connection.describe();
    try {
      new HtmlReport(title, judgement.from(), judgement.until(), judgement.maxSkew())
          .write(out, timelines, findings);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report failed", e);
    }
  }
}
