package io.cronlog.cli.audit;

import io.cronlog.audit.Audit;
import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.render.JsonRenderer;
import io.cronlog.audit.render.TextRenderer;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.cli.CommandContext;
import io.cronlog.cli.DurationConverter;
import io.cronlog.records.ScheduledJobKey;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cronlog audit verify}: the trail judged against cronlog's promises. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks that each run that was due was made, once and on time.",
      "%nRecomputes from the recorded spec history which runs were due, and compares with what was",
      "commanded and what the API showed was created. Findings: missed, duplicate, late, unexplained,",
      "refused, failed, unreadable; with --decisions also not-decided, decided-differently, inputs-differ.",
      "Each finding is printed with the records that prove it, then a count per kind."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:no finding",
      "1:findings",
      "2:a bad argument, Kafka or its topics could not be read, or a"
          + " ScheduledJob named has no record in the trail",
      "70:a bug in cronlog (one line; the stack trace is in" + " its log)"
    })
public final class VerifyCommand implements Callable<Integer> {

  private final CommandContext context;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Mixin private TrailOptions options;

  @Option(
      names = "--max-skew",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "A run whose Job was created more than this after its time is late (default: ${DEFAULT-VALUE}).")
  private Duration maxSkew;

  @Option(
      names = "--decisions",
      description =
          "Also run the scheduler's decision core again on the recorded inputs of each recorded decision.")
  private boolean decisions;

  public VerifyCommand() {
    this(CommandContext.system());
  }

  VerifyCommand(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CommandLine command = spec.commandLine();
    Instant now = context.clock().instant();
    TrailOptions.Asked asked = options.asked(command, now);
    String format = asked.format();
    Instant since = asked.since();
    Instant until = asked.until();
    PrintWriter out = command.getOut();
    return AuditRuns.withTrail(
        command,
        context,
        options,
        (audit, connection) -> {
          Judgement judgement = Judgement.of(since, until == null ? now : until, now, maxSkew);
          Audit.Query query = new Audit.Query(asked.keys(), since, until);
          TextRenderer text = new TextRenderer(out);
          JsonRenderer json = new JsonRenderer(out);
          Map<ScheduledJobKey, List<Finding>> byKey = new LinkedHashMap<>();
          VerifySummary summary =
              audit.verify(
                  query,
                  judgement,
                  decisions,
                  finding -> {
                    switch (format) {
                      case "json" -> json.finding(finding);
                      case "html" ->
                          byKey.computeIfAbsent(finding.key(), k -> new ArrayList<>()).add(finding);
                      default -> text.finding(finding);
                    }
                  });
          if (format.equals("html")) {
            Map<ScheduledJobKey, List<TimelineEntry>> timelines = new LinkedHashMap<>();
            audit.timelines(query, judgement, timelines::put);
            byKey.keySet().forEach(key -> timelines.putIfAbsent(key, List.of()));
            AuditRuns.html(out, "cronlog audit verify", connection, judgement, timelines, byKey);
          } else if (format.equals("json")) {
            json.summary(summary);
          } else {
            text.summary(summary);
          }
          // A name with no record verifies nothing: a typo must not pass for a clean ScheduledJob.
          List<ScheduledJobKey> unknown =
              asked.keys().stream().filter(key -> !summary.saw(key)).toList();
          unknown.forEach(
              key ->
                  command
                      .getErr()
                      .println(
                          command.getCommandSpec().qualifiedName()
                              + ": "
                              + key
                              + ": no record of it in the trail"
                              + (since == null && until == null ? "" : " in this span")
                              + ", so nothing of it was verified"));
          if (!unknown.isEmpty()) {
            return AuditRuns.CANNOT_READ;
          }
          return summary.total() == 0 ? 0 : 1;
        });
  }
}
