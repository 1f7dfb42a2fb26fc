package io.cronlog.cli.dev;

import io.cronlog.api.ScheduledJob;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.devkube.DevJobCompleter;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.executor.Executor;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.records.config.KafkaSettings;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.scheduler.SchedulerService;
import io.cronlog.watcher.Watcher;
import io.cronlog.watcher.WatcherConfig;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code cronlog dev} runs, started in dependency order and closed in reverse: the
 * broker, the Kubernetes API with the CRD, the three services, the Job completer and the printer.
 */
public final class DevStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
  private static final String CRD_RESOURCE = "META-INF/fabric8/" + ScheduledJob.CRD_NAME + "-v1.yml";
  private static final String DEMO_RESOURCE = "/io/cronlog/cli/dev/demo.yaml";
  /** Partitions of each topic: enough to show the keying, few enough to start fast. */
  private static final int PARTITIONS = 6;

  /** What the command line chose. */
  public record Options(Path kubeconfig, boolean demo, int apiPort, int kafkaPort, Duration jobDuration) {}

  private final Options options;
  private final PrintWriter out;
  private final Clock clock = Clock.systemUTC();
  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private DevKubernetesApi api;
  private EmbeddedKafka kafka;
  private boolean closed;

  public DevStack(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Starts everything; returns once kubectl can use the API and the services run. */
  public synchronized void start() throws Exception {
    kafka = started(startQuietly(EmbeddedKafkaConfig.defaults().withPort(options.kafkaPort())
        .withDefaultPartitions(PARTITIONS)));
    api = started(DevKubernetesApi.start(options.apiPort()));
    KubernetesClient admin = started(api.newClient());
    installCrd(admin);
    Map<String, String> env = Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
        KafkaSettings.PARTITIONS, Integer.toString(PARTITIONS));
    Watcher watcher = started(new Watcher(started(api.newClient()), WatcherConfig.fromEnvironment(env), clock));
    watcher.start();
    SchedulerService scheduler = started(new SchedulerService(SchedulerConfig.fromEnvironment(env), clock));
    scheduler.start();
    startExecutor(ExecutorConfig.fromEnvironment(env));
    started(new DevJobCompleter(started(api.newClient()), clock, options.jobDuration())).start();
    started(new JobPrinter(started(api.newClient()), out, clock)).start();
    Path kubeconfig = api.writeKubeconfig(options.kubeconfig());
    if (options.demo()) {
      applyDemo(admin);
    }
    out.printf("ready: kubectl --kubeconfig %s get scheduledjobs,jobs%n", kubeconfig);
    out.printf("  Kubernetes API (in-memory stand-in) at %s, Kafka at %s%n", api.url(), kafka.bootstrapServers());
    out.flush();
  }

  private void startExecutor(ExecutorConfig config) {
    Executor executor = started(new Executor(api.newClient(), config,
        () -> new KafkaConsumer<>(config.consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer()),
        new KafkaProducer<>(config.producerProperties(), new StringSerializer(), new ByteArraySerializer()),
        clock));
    executor.start();
  }

  private static void installCrd(KubernetesClient client) throws IOException {
    try (InputStream yaml = DevStack.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (yaml == null) {
        throw new IllegalStateException("the CRD " + CRD_RESOURCE + " is not on the classpath; rebuild cronlog");
      }
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
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
      LOG.info("Applied the demo ScheduledJob {}/{}", demo.getMetadata().getNamespace(), demo.getMetadata().getName());
    }
  }

  private <T extends AutoCloseable> T started(T component) {
    running.push(component);
    return component;
  }

  /** Stops everything, newest first; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!running.isEmpty()) {
      AutoCloseable component = running.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed", component.getClass().getSimpleName(), e);
      }
    }
  }
}
