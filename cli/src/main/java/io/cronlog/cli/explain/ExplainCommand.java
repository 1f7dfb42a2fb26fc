package io.cronlog.cli.explain;

import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.decide.Decision;
import io.cronlog.scheduler.decide.Situation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cronlog explain}: what the scheduler would decide for a ScheduledJob and its Jobs at an
 * instant.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what the scheduler would decide for each ScheduledJob in a file.",
      "%nThe file is read as `kubectl apply -f` reads one, or as `kubectl get sj,jobs -o yaml` prints them:",
      "the ScheduledJobs with their status, and their Jobs."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the decision was printed", "2:invalid file, --now or -o"})
public final class ExplainCommand implements Callable<Integer> {

  /** Exit status for invalid input, as for picocli's own usage errors. */
  static final int INVALID_INPUT = 2;

  private final Clock clock;
  private final InputStream stdin;

  @Spec private CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      required = true,
      description =
          "YAML (one or more documents, or a kind: List) or JSON (one or more objects) holding"
              + " ScheduledJobs and their Jobs, or - for standard input. An object without a namespace is in"
              + " \"default\". Give the Jobs too: without them, a Job in status.active counts as gone.")
  private String file;

  @Option(
      names = "--name",
      paramLabel = "[NAMESPACE/]NAME",
      description = "Explain only this ScheduledJob of the file (default: each one).")
  private String name;

  @Option(
      names = "--now",
      paramLabel = "INSTANT",
      description = "RFC 3339 instant to decide at, e.g. 2026-11-27T10:00:05Z (default: now).")
  private String now;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json: one JSON object per line, one per ScheduledJob (default: text).")
  private String output;

  /** Uses the system clock for the default of {@code --now}, and the process's standard input. */
  public ExplainCommand() {
    this(Clock.systemUTC(), System.in);
  }

  /**
   * Uses {@code clock} for the default of {@code --now} and {@code stdin} for {@code -f -}, so that
   * tests can fix them.
   */
  public ExplainCommand(Clock clock, InputStream stdin) {
    this.clock = clock;
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output != null && !output.equals("json")) {
      err.println("-o: \"" + output + "\" is not a format; the one format is json");
      return INVALID_INPUT;
    }
    Optional<Instant> at =
        now == null ? Optional.of(clock.instant()) : Explanation.parseInstant(now);
    if (at.isEmpty()) {
      err.println("--now: \"" + now + "\" is not an RFC 3339 instant such as 2026-11-27T10:00:05Z");
      return INVALID_INPUT;
    }
    List<ExplainInput> inputs;
    try {
      inputs =
          file.equals("-")
              ? ExplainInput.read("standard input", stdin)
              : ExplainInput.read(Path.of(file));
      if (name != null) {
        inputs = List.of(ExplainInput.named(inputs, name, file));
      }
    } catch (ExplainInput.InvalidInput e) {
      err.println(e.getMessage());
      return INVALID_INPUT;
    }
    for (int i = 0; i < inputs.size(); i++) {
      Explanation explanation = explain(inputs.get(i), at.get());
      if (output != null) {
        out.println(new KubernetesSerialization().asJson(explanation.toJson()));
        continue;
      }
      if (i > 0) {
        out.println();
      }
      explanation.toText().forEach(out::println);
    }
    out.flush();
    return 0;
  }

  /**
   * As the scheduler would decide right after a restart: no run of its own pending, and the
   * schedule taken to be in effect since creation (the file cannot say when it last changed).
   */
  private static Explanation explain(ExplainInput input, Instant at) {
    Decision decision =
        new Decider().decide(new Situation(input.scheduledJob(), input.jobs(), null, Set.of(), at));
    return Explanation.of(input, decision, at);
  }
}
