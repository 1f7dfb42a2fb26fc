package io.cronlog.cli.dev;

import io.cronlog.api.ScheduledJob;
import io.cronlog.audit.read.DevKafkaFile;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.devkube.DevJobCompleter;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.runtime.config.KafkaSettings;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code cronlog dev} runs, started in dependency order and closed in reverse: the
 * broker, the Kubernetes API with the CRD, the three services, the Job completer and the printer.
 */
public final class DevStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
  private static final String CRD_RESOURCE =
      "META-INF/fabric8/" + ScheduledJob.CRD_NAME + "-v1.yml";
  private static final String DEMO_RESOURCE = "/io/cronlog/cli/dev/demo.yaml";

  /** Partitions of each topic: enough to show the keying, few enough to start fast. */
  public static final int PARTITIONS = 6;

  /** What the command line chose. */
  public record Options(
      Path kubeconfig,
      Path logFile,
      boolean demo,
      int apiPort,
      int kafkaPort,
      Duration jobDuration,
      Path dataDir,
      boolean fresh,
      Services.Replicas replicas) {}

  private final Options options;
  private final PrintWriter out;
  private final Clock clock = Clock.systemUTC();
  private final StartedParts running = new StartedParts();
  private DevKubernetesApi api;
  private EmbeddedKafka kafka;
  private boolean closed;

  public DevStack(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Starts everything; returns once kubectl can use the API and the services run. */
  public synchronized void start() throws Exception {
    Instant startedAt = clock.instant();
    Path directory = options.kubeconfig().toAbsolutePath().getParent();
    String pid = "pid " + ProcessHandle.current().pid();
    DevLock lock = started(DevLock.acquire(directory, pid));
    Path dataDir = options.dataDir().toAbsolutePath().normalize();
    // The data has its own lock: another cronlog dev may use it with a kubeconfig elsewhere.
    DevLock dataLock = dataDir.equals(directory) ? lock : started(DevLock.acquire(dataDir, pid));
    DevData data = DevData.in(dataDir, options.fresh());
    boolean kept = data.kept();
    kafka =
        started(
            fromData(
                () ->
                    startQuietly(
                        EmbeddedKafkaConfig.defaults()
                            .withPort(options.kafkaPort())
                            .withDefaultPartitions(PARTITIONS)
                            .withDataDir(data.kafka()))));
    // cronlog audit finds the broker here with no flag; closing the stack deletes it before the
    // broker stops.
    started(DevKafkaFile.write(directory, kafka.bootstrapServers()));
    api = started(fromData(() -> DevKubernetesApi.start(options.apiPort(), data.objects())));
    KubernetesClient admin = started(api.newClient());
    installCrd(admin);
    Map<String, String> env =
        Map.of(
            KafkaSettings.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            KafkaSettings.PARTITIONS,
            Integer.toString(PARTITIONS));
    started(Services.start(api, service -> env, clock, options.replicas()));
    started(new DevJobCompleter(started(api.newClient()), clock, options.jobDuration())).start();
    started(new JobPrinter(started(api.newClient()), out, clock, startedAt)).start();
    Path kubeconfig = api.writeKubeconfig(options.kubeconfig());
    if (options.demo() && !kept) {
      // Once, on new data: a restart keeps the demo as the user left it, deleted or edited.
      applyDemo(admin);
    }
    String holder = pid + ", Kubernetes API " + api.url() + ", Kafka " + kafka.bootstrapServers();
    lock.describe(holder);
    dataLock.describe(holder);
    // What a user needs next: point kubectl at it, point a Kafka client at it, and where to look
    // when it goes wrong.
    out.printf("ready: export KUBECONFIG=%s%n", kubeconfig);
    out.printf("  Kafka bootstrap servers: %s%n", kafka.bootstrapServers());
    out.printf("  Kubernetes API (a stand-in, not a cluster): %s%n", api.url());
    out.printf(
        "  data: %s (%s; --fresh starts empty)%n",
        dataDir, kept ? "the runs of earlier starts, kept" : "kept across restarts");
    out.printf("  log: %s%n", options.logFile().toAbsolutePath());
    out.flush();
  }

  /**
   * Starts what reads the data directory; what it refuses there is for the user to fix, in one
   * line.
   */
  private static <T> T fromData(Supplier<T> start) throws DevData.Unusable {
    try {
      return start.get();
    } catch (IllegalArgumentException e) {
      throw new DevData.Unusable(
          e.getMessage() + "; start with --fresh to begin empty, or choose another --data-dir");
    }
  }

  /** Creates the CRD generated by the build, or updates it to that. */
  public static void installCrd(KubernetesClient client) throws IOException {
    try (InputStream yaml = DevStack.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (yaml == null) {
        throw new IllegalStateException(
            "the CRD " + CRD_RESOURCE + " is not on the classpath; rebuild cronlog");
      }
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
      client.resource(crd).createOr(NonDeletingOperation::update);
    }
  }

  /**
   * Kafka's storage formatter prints a line straight to standard output; the command's own output
   * (a writer made before this) stays clean while the broker starts.
   */
  private static EmbeddedKafka startQuietly(EmbeddedKafkaConfig config) {
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return EmbeddedKafka.start(config);
    } finally {
      System.setOut(stdout);
    }
  }

  private static void applyDemo(KubernetesClient client) throws IOException {
    try (InputStream yaml = DevStack.class.getResourceAsStream(DEMO_RESOURCE)) {
      ScheduledJob demo = client.resources(ScheduledJob.class).load(yaml).item();
      client.resource(demo).create();
      LOG.info(
          "Applied the demo ScheduledJob {}/{}",
          demo.getMetadata().getNamespace(),
          demo.getMetadata().getName());
    }
  }

  private <T extends AutoCloseable> T started(T component) {
    return running.add(component);
  }

  /** Stops everything, newest first; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running.close();
  }
}
