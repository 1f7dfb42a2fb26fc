package io.cronlog.cli.dev;

import io.cronlog.audit.read.DevFiles;
import io.cronlog.cli.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cronlog dev}: the whole system in one process, on an in-process Kafka and Kubernetes API.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    // The first sentence is the command list's; "%n" starts each further paragraph, which
    // picocli wraps to the terminal's width (WordWrapHelp).
    description = {
      "Runs all of cronlog in one process on this machine, to try it with kubectl.",
      "%nRuns cronlog on its embedded default: a real Kafka broker (KRaft) inside the JVM, a "
          + "Kubernetes API that kubectl can use (a stand-in, not a real cluster), and the watcher, "
          + "scheduler and executor. Prints 'ready' once kubectl can use it, then one line per Job created. "
          + "Ctrl-C stops it.",
      "%nIts files go in "
          + DevFiles.DIRECTORY
          + "/ under the current directory, wherever bin/cronlog is: the log "
          + "cronlog.log, the kubeconfig (or where --kubeconfig says) with kafka.properties (for cronlog audit) "
          + "and dev.lock beside it, and in data/ (or where --data-dir says) the broker's records and the API's "
          + "objects, which the next cronlog dev starts from, so that earlier runs can be audited; --fresh deletes "
          + "them first. The demo is applied only on new data. One cronlog dev at a time may use a directory; "
          + "a second one exits with status 2."
    })
public final class DevCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      defaultValue = DevFiles.KUBECONFIG,
      description = "Where to write the kubeconfig for kubectl (default: ${DEFAULT-VALUE}).")
  private Path kubeconfig;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = DevFiles.DATA,
      description =
          "Where the broker's records and the Kubernetes API's objects are kept across restarts "
              + "(default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(
      names = "--fresh",
      description = "Delete the kept records and objects first, and start empty.")
  private boolean fresh;

  @Option(
      names = "--no-demo",
      description = "Do not apply the demo ScheduledJob that runs every minute.")
  private boolean noDemo;

  @Option(
      names = "--api-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description =
          "Port of the Kubernetes API on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int apiPort;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port of the Kafka broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int kafkaPort;

  @Option(
      names = "--job-duration",
      paramLabel = "DURATION",
      defaultValue = "PT10S",
      converter = DurationConverter.class,
      description =
          "How long a Job runs before the dev API marks it succeeded, unless the Job's "
              + "cronlog.io/dev-duration annotation says otherwise; 10s, 2m or PT10S (default: 10s).")
  private Duration jobDuration;

  @Option(
      names = "--executors",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "How many executors to run; they share the commands' partitions as one consumer group "
              + "(default: ${DEFAULT-VALUE}; see cronlog status).")
  private int executors;

  @Option(
      names = "--schedulers",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "How many schedulers to run; they share the state's partitions (default: ${DEFAULT-VALUE}).")
  private int schedulers;

  @Override
  public Integer call() throws Exception {
    if (apiPort < 0 || apiPort > 65535 || kafkaPort < 0 || kafkaPort > 65535) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "ports must be from 0 to 65535");
    }
    Services.Replicas replicas;
    try {
      replicas = new Services.Replicas(schedulers, executors);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--schedulers and --executors must each be from 1 to " + Services.Replicas.MAX);
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    // bin/cronlog sets the property; logback.xml falls back to the same default.
    Path logFile = Path.of(System.getProperty("cronlog.log.file", DevFiles.LOG));
    DevStack stack =
        new DevStack(
            new DevStack.Options(
                kubeconfig.toAbsolutePath(),
                logFile,
                !noDemo,
                apiPort,
                kafkaPort,
                jobDuration,
                dataDir.toAbsolutePath(),
                fresh,
                replicas),
            out);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "cronlog-dev-shutdown"));
    try {
      stack.start();
    } catch (DevLock.HeldElsewhere e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    } catch (DevData.Unusable e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    }
    stopped.await();
    return 0;
  }
}
