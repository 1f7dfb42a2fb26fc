package io.cronlog.faults;

import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.faults.cluster.Cluster;
import io.cronlog.faults.judge.CommandBacklog;
import io.cronlog.faults.judge.JobLedger;
import io.cronlog.faults.judge.Judge;
import io.cronlog.faults.judge.ResultTable;
import io.cronlog.faults.judge.Verdict;
import io.cronlog.faults.scenario.Scenario;
import io.cronlog.faults.scenario.Scenarios;
import io.cronlog.faults.scenario.Step;
import io.cronlog.runtime.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite: starts the broker, the dev API and each service as its own process, creates the
 * ScheduledJobs, runs each scenario in its own window of whole minutes, then judges every window
 * with the audit and the Jobs in the API, prints the table and exits 1 on any violation.
 */
public final class FaultSuite {

  private static final Logger LOG = LoggerFactory.getLogger(FaultSuite.class);

  /**
   * Time for the ready services to see the ScheduledJobs before the first window opens: the watcher
   * publishes each as it is created, and the scheduler reads it in milliseconds.
   */
  private static final Duration WARM_UP = Duration.ofSeconds(5);

  /**
   * Time, after the last window's last due time and its last step, for the scheduler to decide the
   * runs due then.
   */
  private static final Duration SETTLE = Duration.ofSeconds(20);

  /**
   * The longest wait, after that, for the executors to finish the commands written by then: a run
   * late but started is judged by its lateness, one stuck longer than this is missed.
   */
  private static final Duration MAX_BACKLOG_WAIT = Duration.ofMinutes(4);

  /** Time for the watcher to record the Jobs of the last commands finished. */
  private static final Duration LAST_OBSERVATIONS = Duration.ofSeconds(10);

  private static final Duration SUPERVISE_EVERY = Duration.ofSeconds(3);

  private final SuiteOptions options;

  /** A window the suite ran, to be judged once everything settled. */
  private record Window(String scenario, Instant open, Instant close, Duration took) {}

  /** The verdicts of a run, and where its table went. */
  public record Result(List<Verdict> verdicts, Path table, List<String> crashes) {

    public boolean violated() {
      return verdicts.stream().anyMatch(Verdict::violated);
    }
  }

  public FaultSuite(SuiteOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    SuiteOptions options;
    try {
      options = SuiteOptions.parse(args);
      Scenarios.named(options.scenarios(), options.window(), new Random(options.seed()));
    } catch (IllegalArgumentException e) {
      // A bad argument is the caller's to fix: one line and status 2, not a stack trace.
      System.err.println("fault suite: " + e.getMessage());
      System.exit(2);
      return;
    }
    Result result = new FaultSuite(options).run();
    System.out.println(Files.readString(result.table(), StandardCharsets.UTF_8));
    System.exit(result.violated() ? 1 : 0);
  }

  /** Runs the suite; writes the table to {@code fault-suite.md} under the options' directory. */
  public Result run() throws InterruptedException, IOException {
    Instant began = Instant.now();
    Random random = new Random(options.seed());
    List<Scenario> scenarios = Scenarios.named(options.scenarios(), options.window(), random);
    LOG.info(
        "fault suite: {} ScheduledJobs, seed {}, scenarios {}",
        options.scheduledJobs(),
        options.seed(),
        scenarios.stream().map(Scenario::name).toList());
    ScheduledExecutorService steps =
        Executors.newScheduledThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "fault-step");
              thread.setDaemon(true);
              return thread;
            });
    try (Cluster cluster = Cluster.start(options.out().resolve("faults"));
        JobLedger ledger = new JobLedger(cluster.admin())) {
      steps.scheduleWithFixedDelay(
          cluster::supervise,
          SUPERVISE_EVERY.toMillis(),
          SUPERVISE_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      Workload workload = new Workload();
      workload.create(cluster.admin(), options.scheduledJobs());
      List<Window> windows = new ArrayList<>();
      Instant open = nextMinute(Instant.now().plus(WARM_UP));
      Instant stepsDone = open;
      for (Scenario scenario : scenarios) {
        stepsDone = runSteps(scenario, open, steps, cluster);
        Instant close = closeOf(scenario, open, stepsDone);
        boolean last = windows.size() == scenarios.size() - 1;
        if (!last) {
          sleepUntil(close);
        }
        windows.add(new Window(scenario.name(), open, close, Duration.between(open, close)));
        open = close;
      }
      // The last window's idle end is not waited out: after its last due time no run falls due
      // in it, and its steps are done; the suite settles from whichever came later.
      Window last = windows.get(windows.size() - 1);
      Instant lastDue = workload.lastDueBefore(last.close());
      sleepUntil(later(lastDue, stepsDone).plus(SETTLE));
      Map<Integer, Long> unfinished;
      try (CommandBacklog backlog =
          new CommandBacklog(
              cluster.bootstrapServers(),
              Topics.withDefaultPrefix().commands(),
              ExecutorConfig.DEFAULT_GROUP)) {
        unfinished = backlog.awaitFinished(MAX_BACKLOG_WAIT);
      }
      Thread.sleep(LAST_OBSERVATIONS.toMillis());
      Judge judge = new Judge(cluster.bootstrapServers(), workload::policyOf);
      List<JobLedger.JobRun> jobs = ledger.runs();
      List<Verdict> verdicts =
          windows.stream()
              .map(
                  w ->
                      judge.judge(
                          w.scenario(), w.open(), w.close().minusSeconds(1), w.took(), jobs))
              .toList();
      Path table =
          write(verdicts, cluster.crashes(), unfinished, Duration.between(began, Instant.now()));
      return new Result(verdicts, table, cluster.crashes());
    } finally {
      steps.shutdownNow();
    }
  }

  /**
   * Opens {@code scenario}'s window at {@code open}, runs its steps at their times and returns when
   * all are done.
   */
  private static Instant runSteps(
      Scenario scenario, Instant open, ScheduledExecutorService steps, Cluster cluster)
      throws InterruptedException {
    sleepUntil(open);
    LOG.info("=== {}: window opens at {} for {}", scenario.name(), open, scenario.window());
    List<Future<?>> running = new ArrayList<>();
    for (Step step : scenario.steps()) {
      long delay = Duration.between(Instant.now(), open.plus(step.at())).toMillis();
      running.add(
          steps.schedule(
              () -> {
                LOG.info("{}: {}", scenario.name(), step);
                step.action().run(cluster);
                return null;
              },
              Math.max(delay, 0),
              TimeUnit.MILLISECONDS));
    }
    for (Future<?> step : running) {
      try {
        step.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(scenario.name() + ": a step failed", e.getCause());
      }
    }
    return Instant.now();
  }

  /**
   * Where {@code scenario}'s window closes: at its end, or at the first minute after its last step
   * finished.
   */
  private static Instant closeOf(Scenario scenario, Instant open, Instant stepsDone) {
    Instant close = open.plus(scenario.window());
    if (stepsDone.isAfter(close)) {
      close = nextMinute(stepsDone);
      LOG.warn("{}: steps ran past the window; it closes at {}", scenario.name(), close);
    }
    return close;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private Path write(
      List<Verdict> verdicts, List<String> crashes, Map<Integer, Long> unfinished, Duration took)
      throws IOException {
    String text =
        "Fault suite: "
            + options.scheduledJobs()
            + " ScheduledJobs due every minute, seed "
            + options.seed()
            + ", scenarios "
            + options.scenarios()
            + ", "
            + took.toMinutes()
            + "m"
            + took.toSecondsPart()
            + "s in all.\n\n"
            + ResultTable.render(verdicts)
            + (crashes.isEmpty()
                ? ""
                : "\nProcesses that exited on their own (and were replaced): "
                    + String.join(", ", crashes)
                    + "\n")
            + (unfinished.isEmpty()
                ? ""
                : "\nCommands the executors had not finished when the windows were judged,"
                    + " per partition of cronlog.commands: "
                    + unfinished
                    + "\n");
    Path file = options.out().resolve("fault-suite.md");
    try {
      Files.createDirectories(options.out());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Instant nextMinute(Instant after) {
    return after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
  }

  private static void sleepUntil(Instant at) throws InterruptedException {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
