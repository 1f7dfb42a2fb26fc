package io.cronlog.faults.cluster;

import io.cronlog.api.ScheduledJob;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.devkube.DevJobCompleter;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.config.ServiceClock;
import io.cronlog.runtime.service.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the fault suite runs and breaks: the in-process broker and dev API (with the CRD and the Job
 * completer), and the watcher, the scheduler and one or more executors, each its own process.
 *
 * <p>Concurrency: the methods that start, stop and replace processes are synchronized on this
 * object, which guards {@code processes}, {@code offsets} and {@code started}; scenarios call them
 * from several threads at once in the all-together scenario. The broker outage runs outside that
 * monitor, so that processes can be killed during it.
 */
public final class Cluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
  private static final String CRD_RESOURCE =
      "META-INF/fabric8/" + ScheduledJob.CRD_NAME + "-v1.yml";
  private static final int PARTITIONS = 6;
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  /** How long a Job "runs" unless its template says otherwise (the completer's default). */
  private static final Duration JOB_DURATION = Duration.ofSeconds(10);

  private final Path logs;
  private final EmbeddedKafka kafka;
  private final DevKubernetesApi api;
  private final KubernetesClient admin;
  private final DevJobCompleter completer;
  private final Path kubeconfig;
  private final Map<Service, List<ServiceProcess>> processes = new EnumMap<>(Service.class);
  private final Map<Service, Duration> offsets = new EnumMap<>(Service.class);
  private int started;

  /** Processes that exited on their own, each as "name (exit code)", in the order seen. */
  private final List<String> crashes = new ArrayList<>();

  private Cluster(Path logs, EmbeddedKafka kafka, DevKubernetesApi api) {
    this.logs = logs;
    this.kafka = kafka;
    this.api = api;
    this.admin = api.newClient();
    this.completer = new DevJobCompleter(api.newClient(), Clock.systemUTC(), JOB_DURATION);
    this.kubeconfig = api.writeKubeconfig(logs.resolve("kubeconfig"));
  }

  /**
   * Starts the broker, the API with the CRD, the completer and one process of each service; returns
   * when all are ready.
   */
  public static Cluster start(Path logs) throws InterruptedException {
    try {
      // Each run's processes count from 1 again: the logs of an earlier run must not mix in.
      if (Files.isDirectory(logs)) {
        try (var old = Files.list(logs)) {
          for (Path file : old.filter(f -> f.toString().endsWith(".log")).toList()) {
            Files.delete(file);
          }
        }
      }
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logs, e);
    }
    EmbeddedKafka kafka =
        EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDefaultPartitions(PARTITIONS));
    Cluster cluster = new Cluster(logs, kafka, DevKubernetesApi.start(0));
    try {
      cluster.installCrd();
      cluster.completer.start();
      for (Service service : Service.values()) {
        cluster.scale(service, 1);
      }
      cluster.awaitReady();
      return cluster;
    } catch (RuntimeException | InterruptedException e) {
      cluster.close();
      throw e;
    }
  }

  public DevKubernetesApi api() {
    return api;
  }

  /**
   * A client of the suite's own, not subject to the process faults (the API's fault switch applies
   * to it too).
   */
  public KubernetesClient admin() {
    return admin;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /**
   * Runs {@code count} processes of {@code service}: starts new ones or stops (SIGTERM) the newest.
   * Does not wait for new ones to be ready, as a Deployment does not: the faults go on meanwhile.
   */
  public synchronized void scale(Service service, int count) throws InterruptedException {
    List<ServiceProcess> running = processes.computeIfAbsent(service, s -> new ArrayList<>());
    while (running.size() < count) {
      running.add(spawn(service));
    }
    while (running.size() > count) {
      running.remove(running.size() - 1).stop();
    }
  }

  /** {@code kill -9} of every process of {@code service}. */
  public synchronized void kill(Service service) throws InterruptedException {
    for (ServiceProcess process : processes.getOrDefault(service, List.of())) {
      process.kill();
    }
  }

  /** Starts again, as new processes (new pods), as many of {@code service} as were running. */
  public synchronized void restart(Service service) throws InterruptedException {
    List<ServiceProcess> running = processes.getOrDefault(service, List.of());
    int count = running.size();
    for (ServiceProcess process : running) {
      process.stop();
    }
    running.clear();
    scale(service, count);
  }

  /**
   * Stops every process of {@code service} (SIGTERM), keeping its count for {@link #restart}, and
   * says how each ended.
   */
  public synchronized List<ServiceProcess.Stopped> stop(Service service)
      throws InterruptedException {
    List<ServiceProcess.Stopped> stopped = new ArrayList<>();
    for (ServiceProcess process : processes.getOrDefault(service, List.of())) {
      ServiceProcess.Stopped one = process.stop();
      if (one != null) {
        stopped.add(one);
      }
    }
    return stopped;
  }

  /**
   * Restarts {@code service} with its clock {@code offset} off the machine's ({@link
   * ServiceClock#OFFSET}).
   */
  public void clockOffset(Service service, Duration offset) throws InterruptedException {
    synchronized (this) {
      offsets.put(service, offset);
    }
    restart(service);
  }

  /** Stops the broker for {@code outage} and starts it again on the same port and data. */
  public void brokerOutage(Duration outage) {
    LOG.info("stopping the broker for {}", outage);
    kafka.restart(
        () -> {
          try {
            Thread.sleep(outage.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /**
   * The executors' Kubernetes API budget, calls a second: sized to the workload, as an operator
   * would.
   */
  static final int EXECUTOR_API_QPS = 100;

  private ServiceProcess spawn(Service service) {
    started++;
    String name = service.text() + "-" + started;
    int opsPort = freePort();
    Map<String, String> env = new HashMap<>();
    env.put(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    env.put(KafkaSettings.PARTITIONS, Integer.toString(PARTITIONS));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("CRONLOG_OPS_PORT", Integer.toString(opsPort));
    // A new identity per process, as a new pod gets: a killed watcher's Lease must expire before
    // another takes it.
    env.put("CRONLOG_WATCHER_LEASE_IDENTITY", name);
    env.put("HOSTNAME", name);
    // Each run costs several API calls (create, status, Event, history deletions), so on the
    // default budget of 20 calls/s the suite's 200 runs a minute would make a backlog that no
    // fault caused (docs/benchmarks/executor.md has the rates). The dev API takes far more.
    env.put("CRONLOG_EXECUTOR_API_QPS", Integer.toString(EXECUTOR_API_QPS));
    env.put("CRONLOG_EXECUTOR_API_BURST", Integer.toString(2 * EXECUTOR_API_QPS));
    Duration offset = offsets.getOrDefault(service, Duration.ZERO);
    env.put(ServiceClock.OFFSET, offset.isZero() ? "" : offset.toString());
    ServiceProcess process =
        new ServiceProcess(name, service, env, opsPort, logs.resolve(name + ".log"));
    process.start();
    return process;
  }

  /**
   * Replaces every process that exited on its own (a fenced producer, a fatal error) with a new
   * one, as its Deployment would; the suite calls it every few seconds.
   */
  public synchronized void supervise() {
    processes.forEach(
        (service, running) -> {
          for (int i = 0; i < running.size(); i++) {
            ServiceProcess process = running.get(i);
            if (process.crashed()) {
              String crash = process.name() + " (exit " + process.exitCode() + ")";
              LOG.warn("{} exited on its own; starting another, as a Deployment would", crash);
              crashes.add(crash);
              running.set(i, spawn(service));
            }
          }
        });
  }

  /** The processes that exited on their own so far. */
  public synchronized List<String> crashes() {
    return List.copyOf(crashes);
  }

  /**
   * Waits until every process answers {@code /readyz}; throws, naming its log, if one exits or is
   * late.
   */
  public synchronized void awaitReady() throws InterruptedException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    for (List<ServiceProcess> running : processes.values()) {
      for (ServiceProcess process : running) {
        process.awaitReady(deadline);
      }
    }
  }

  private void installCrd() {
    try (InputStream yaml = Cluster.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (yaml == null) {
        throw new IllegalStateException(
            "the CRD " + CRD_RESOURCE + " is not on the class path; build the api module");
      }
      admin
          .resource(admin.apiextensions().v1().customResourceDefinitions().load(yaml).item())
          .create();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRD", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** Stops the services, then the completer, the API and the broker. */
  @Override
  public synchronized void close() {
    processes
        .values()
        .forEach(
            list ->
                list.forEach(
                    process -> {
                      try {
                        process.kill();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    completer.close();
    admin.close();
    api.close();
    kafka.close();
  }
}
