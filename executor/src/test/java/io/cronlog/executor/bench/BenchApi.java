package io.cronlog.executor.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.MockApi;
import io.cronlog.executor.act.RunJobs;
import io.cronlog.executor.kube.KubernetesClients;
import io.cronlog.executor.kube.RateLimit;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fresh dev Kubernetes API holding {@code count} ScheduledJobs that fire every minute, and the
 * raw rate at which cronlog's client creates their Jobs on it, without Kafka or the executor.
 */
final class BenchApi implements AutoCloseable {

  static final String NAMESPACE = "default";

  /**
   * High enough that the client-side rate limit never holds a call: the API alone sets the pace.
   */
  static final int UNLIMITED_QPS = 1_000_000;

  /**
   * One serialization for every client the benchmark makes, as a long-running executor has one for
   * its lifetime. Each client otherwise builds its own object mapper, whose serializers are made,
   * and their method handles compiled, on the first Jobs it sends: in the end-to-end window, since
   * every burst starts fresh executors, half the JVM's compilations there and a third of its CPU.
   */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** How many groups of threads a phase's CPU names. */
  static final int CPU_GROUPS_SHOWN = 5;

  private final ApiHost host;
  private final String url;
  private final KubernetesClient admin;
  final List<ScheduledJob> scheduledJobs;

  /**
   * The threads that create the raw phase's Jobs. They live as long as the API, so that their CPU
   * is still counted when the phase's last Job appears.
   */
  private final ExecutorService clientThreads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "raw-client");
            thread.setDaemon(true);
            return thread;
          });

  private BenchApi(
      ApiHost host, String url, KubernetesClient admin, List<ScheduledJob> scheduledJobs) {
    this.host = host;
    this.url = url;
    this.admin = admin;
    this.scheduledJobs = scheduledJobs;
  }

  /**
   * A fresh API on {@code host} (the previous one closed) with {@code count} ScheduledJobs created
   * in it, 8 at a time.
   */
  static BenchApi withScheduledJobs(ApiHost host, int count) throws Exception {
    String url = host.freshApi();
    KubernetesClient admin = client(url, UNLIMITED_QPS, UNLIMITED_QPS);
    MockApi.installCrd(admin);
    List<ScheduledJob> created = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      created.add(null);
    }
    BenchApi bench = new BenchApi(host, url, admin, created);
    bench.inParallel(
        8,
        count,
        i ->
            created.set(
                i,
                MockApi.create(
                    admin, MockApi.scheduledJob(NAMESPACE, "sj-" + i, MockApi.YEARLY, null))));
    return bench;
  }

  /**
   * A client with the executor's own settings (no built-in retries, these rate limits) on this API.
   */
  KubernetesClient executorClient(RateLimit calls, RateLimit events) {
    Config config =
        new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace(NAMESPACE).build();
    return KubernetesClients.customize(
            new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(SERIALIZATION),
            calls,
            events)
        .build();
  }

  /** Jobs created per second, and the CPU each took ({@link CpuUse#perJobSince}). */
  record RawRate(double perSecond, String cpu) {}

  /**
   * Creates one Job per ScheduledJob for run {@code time}, from {@code threads} threads, exactly as
   * the executor builds them, and returns Jobs created per second. Timed as the end-to-end burst
   * is, until a watch on the Jobs has seen the last one: the watch costs the API the same in both.
   */
  RawRate rawCreateRate(int threads, Instant time) throws Exception {
    try (JobArrivals arrivals = jobArrivals()) {
      CpuUse cpu = cpuNow();
      PhaseProfile.configured().start();
      long start = System.nanoTime();
      inParallel(
          threads,
          scheduledJobs.size(),
          i ->
              admin
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(NAMESPACE)
                  .resource(RunJobs.jobFor(scheduledJobs.get(i), time))
                  .create());
      double last = arrivals.secondsAt(scheduledJobs.size(), start, Duration.ofMinutes(1), 1.0)[0];
      PhaseProfile.configured().stop("raw");
      return new RawRate(
          scheduledJobs.size() / last,
          cpuNow().perJobSince(cpu, scheduledJobs.size(), CPU_GROUPS_SHOWN));
    }
  }

  /** The CPU spent so far here and, when it has a process of its own, by the API. */
  CpuUse cpuNow() {
    return CpuUse.now(host);
  }

  /** Starts watching the Jobs appear. */
  JobArrivals jobArrivals() {
    return JobArrivals.watch(admin, NAMESPACE);
  }

  /** How many Jobs the API holds. */
  int jobCount() {
    return admin.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().size();
  }

  private static KubernetesClient client(String url, double qps, int burst) {
    Config config =
        new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace(NAMESPACE).build();
    return KubernetesClients.customize(
            new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(SERIALIZATION),
            qps,
            burst)
        .build();
  }

  /** Runs {@code task} for 0..count-1 on {@code threads} threads, each taking the next index. */
  private void inParallel(int threads, int count, Consumer<Integer> task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      running.add(
          clientThreads.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  task.accept(i);
                }
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
  }

  @Override
  public void close() {
    clientThreads.shutdownNow();
    // The API itself lives until the host starts the next one.
    admin.close();
  }
}
