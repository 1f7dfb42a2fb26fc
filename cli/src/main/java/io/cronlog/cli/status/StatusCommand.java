package io.cronlog.cli.status;

import io.cronlog.audit.read.DevFiles;
import io.cronlog.audit.read.KafkaConnection;
import io.cronlog.audit.read.TrailUnavailableException;
import io.cronlog.cli.CommandContext;
import io.cronlog.cli.KafkaOptions;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.config.Env;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cronlog status}: the running system at a glance, for the person who scales it. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the running system: who leads, who owns which partitions, what waits, how runs went.",
      "%nReads Kafka and the Kubernetes API, as any client may, and changes nothing: the watcher that holds "
          + "the Lease and since when; the schedulers and the executors in their consumer groups, each with the "
          + "partitions it owns now; each partition of the commands topic with the commands not yet done; the "
          + "Jobs created in the last hour, the last one, and the one created longest after its time. With no "
          + "flags it reads the running cronlog dev. Exit status 2 when Kafka cannot be read."
    })
public final class StatusCommand implements Callable<Integer> {

  /** The span of runs it reports. */
  static final Duration RUNS_SPAN = Duration.ofHours(1);

  @Spec private CommandLine.Model.CommandSpec spec;

  @Mixin private KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Where the watchers' Lease is (default: KUBECONFIG, else the running cronlog dev's, "
              + "else ~/.kube/config).")
  private Path kubeconfig;

  @Option(
      names = "--lease",
      paramLabel = "NAMESPACE/NAME",
      description =
          "The watchers' Lease (default: CRONLOG_WATCHER_LEASE_NAMESPACE and _NAME, else the "
              + "kubeconfig's namespace and "
              + WatcherConfig.DEFAULT_LEASE_NAME
              + ").")
  private String lease;

  @Option(
      names = "--scheduler-group",
      paramLabel = "GROUP",
      description =
          "The schedulers' consumer group (default: CRONLOG_SCHEDULER_GROUP, else "
              + SchedulerConfig.DEFAULT_GROUP
              + ").")
  private String schedulerGroup;

  @Option(
      names = "--executor-group",
      paramLabel = "GROUP",
      description =
          "The executors' consumer group (default: CRONLOG_EXECUTOR_GROUP, else "
              + ExecutorConfig.DEFAULT_GROUP
              + ").")
  private String executorGroup;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (for a person) or json (one object, for scripts).")
  private String output;

  private final CommandContext context;

  public StatusCommand() {
    this(CommandContext.system());
  }

  StatusCommand(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CommandLine command = spec.commandLine();
    if (!List.of("text", "json").contains(output)) {
      throw new CommandLine.ParameterException(command, "-o: '" + output + "' is not text or json");
    }
    Env env = new Env(context.env());
    String[] leaseName = leaseName(command, env);
    Instant now = context.clock().instant();
    SystemStatus status;
    try {
      KafkaConnection connection =
          KafkaConnection.resolve(kafka.flags(), context.env(), context.workingDirectory());
      // The Lease from the Kubernetes API while Kafka is read: neither waits for the other.
      CompletableFuture<SystemStatus.Watcher> watcher =
          CompletableFuture.supplyAsync(() -> watcher(leaseName));
      try (KafkaStatus read = new KafkaStatus(connection)) {
        String executors = env.string(ExecutorConfig.GROUP, ExecutorConfig.DEFAULT_GROUP);
        List<SystemStatus.Group> groups =
            List.of(
                read.group(
                    "schedulers",
                    orElse(
                        schedulerGroup,
                        env.string(SchedulerConfig.GROUP_ID, SchedulerConfig.DEFAULT_GROUP))),
                read.group("executors", orElse(executorGroup, executors)));
        List<SystemStatus.PartitionLag> lags =
            read.lag(connection.topics().commands(), orElse(executorGroup, executors));
        Instant since = now.minus(RUNS_SPAN);
        SystemStatus.Runs runs = RecentRuns.of(read.outcomesSince(since), since);
        status =
            new SystemStatus(
                now,
                connection.describe(),
                connection.topics().prefix(),
                watcher.join(),
                groups,
                lags,
                lags.stream().mapToLong(SystemStatus.PartitionLag::lag).sum(),
                runs);
      }
    } catch (TrailUnavailableException e) {
      command.getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    }
    PrintWriter out = command.getOut();
    if (output.equals("json")) {
      out.println(new String(new RecordCodec().encodeValue(status), StandardCharsets.UTF_8));
      out.flush();
    } else {
      StatusText.write(status, out);
    }
    return 0;
  }

  /**
   * The Lease's namespace (null: the kubeconfig's) and name, from the flag or the watchers' own
   * keys.
   */
  private String[] leaseName(CommandLine command, Env env) {
    if (lease == null) {
      return new String[] {
        env.string(WatcherConfig.LEASE_NAMESPACE, null),
        env.string(WatcherConfig.LEASE_NAME, WatcherConfig.DEFAULT_LEASE_NAME)
      };
    }
    String[] parts = lease.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new CommandLine.ParameterException(
          command, "--lease: '" + lease + "' is not NAMESPACE/NAME");
    }
    return parts;
  }

  private SystemStatus.Watcher watcher(String[] leaseName) {
    String named = (leaseName[0] == null ? "" : leaseName[0] + "/") + leaseName[1];
    Config config;
    try {
      config = kubernetesConfig();
    } catch (IOException e) {
      return SystemStatus.Watcher.unreadable(
          named, "cannot read the kubeconfig: " + e.getMessage());
    }
    // Fail fast and say so: the Lease is one part of the status, not worth a minute of retries.
    config.setRequestRetryBackoffLimit(0);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(5_000);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      String namespace =
          leaseName[0] != null
              ? leaseName[0]
              : client.getNamespace() != null ? client.getNamespace() : "default";
      return WatcherLease.read(client, namespace, leaseName[1], context.clock());
    }
  }

  /**
   * The kubeconfig asked for; else KUBECONFIG or ~/.kube/config as every client reads them; else
   * the dev one.
   */
  private Config kubernetesConfig() throws IOException {
    Path file = kubeconfig != null ? context.workingDirectory().resolve(kubeconfig) : null;
    Path dev = DevFiles.kubeconfig(context.workingDirectory());
    if (file == null && context.env().get("KUBECONFIG") == null && Files.exists(dev)) {
      file = dev;
    }
    if (file == null) {
      return Config.autoConfigure(null);
    }
    return Config.fromKubeconfig(null, Files.readString(file), file.toString());
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
