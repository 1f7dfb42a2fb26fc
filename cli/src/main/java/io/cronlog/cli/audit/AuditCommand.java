package io.cronlog.cli.audit;

import io.cronlog.audit.Audit;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.render.JsonRenderer;
import io.cronlog.audit.render.TextRenderer;
import io.cronlog.audit.snapshot.Snapshot;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.cli.CommandContext;
import io.cronlog.records.ScheduledJobKey;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cronlog audit}: what ran, when and why, read back from the trail on Kafka. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    subcommands = VerifyCommand.class,
    description = {
      "Reads the trail back from Kafka: what ran, when and why.",
      "%nOne timeline per ScheduledJob, in time order, of its spec changes, each scheduled time and what became of it, manual runs, its Jobs' lives, deletions and dead",
      "letters. Reads with a consumer of its own (no group, nothing committed): it never disturbs cronlog."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the trail was read",
      "2:a bad argument, or Kafka or its topics could not be read"
    })
public final class AuditCommand implements Callable<Integer> {

  /** The skew a timeline counts a run late by; {@code audit verify --max-skew} chooses its own. */
  static final Duration DEFAULT_MAX_SKEW = Duration.ofSeconds(10);

  private final CommandContext context;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Mixin private TrailOptions options;

  @Option(
      names = "--at",
      paramLabel = "T",
      description =
          "Show the one ScheduledJob named as cronlog knew it at T: spec, status, active Jobs.")
  private String at;

  public AuditCommand() {
    this(CommandContext.system());
  }

  AuditCommand(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CommandLine command = spec.commandLine();
    Instant now = context.clock().instant();
    TrailOptions.Asked asked = options.asked(command, now);
    String format = asked.format();
    List<ScheduledJobKey> keys = asked.keys();
    Instant since = asked.since();
    Instant until = asked.until();
    Instant snapshotAt = at == null ? null : TrailOptions.timeOption(command, "--at", at, now);
    if (snapshotAt != null && (keys.size() != 1 || format.equals("html"))) {
      throw new CommandLine.ParameterException(
          command, "--at takes exactly one NAMESPACE/NAME, and -o text or json");
    }
    PrintWriter out = command.getOut();
    return AuditRuns.withTrail(
        command,
        context,
        options,
        (audit, connection) -> {
          if (snapshotAt != null) {
            Snapshot snapshot = audit.at(keys.get(0), snapshotAt);
            if (format.equals("json")) {
              new JsonRenderer(out).snapshot(snapshot);
            } else {
              new TextRenderer(out).snapshot(snapshot);
            }
            return 0;
          }
          Judgement judgement =
              Judgement.of(since, until == null ? now : until, now, DEFAULT_MAX_SKEW);
          Audit.Query query = new Audit.Query(keys, since, until);
          Map<ScheduledJobKey, List<TimelineEntry>> timelines = new LinkedHashMap<>();
          Set<ScheduledJobKey> shown = new LinkedHashSet<>();
          TextRenderer text = new TextRenderer(out);
          JsonRenderer json = new JsonRenderer(out);
          audit.timelines(
              query,
              judgement,
              (key, entries) -> {
                shown.add(key);
                switch (format) {
                  case "json" -> json.timeline(key, entries);
                  case "html" -> timelines.put(key, entries);
                  default -> text.timeline(key, entries);
                }
              });
          if (format.equals("html")) {
            AuditRuns.html(out, "cronlog audit", connection, judgement, timelines, Map.of());
          }
          String none =
              "no record of it in the trail"
                  + (since == null && until == null ? "" : " in this span");
          for (ScheduledJobKey key : keys) {
            if (shown.contains(key)) {
              continue;
            }
            if (format.equals("json")) {
              json.noRecord(key, none);
            } else if (format.equals("text")) {
              out.println(key);
              out.println("  (" + none + ")");
            }
          }
          return 0;
        });
  }
}
