package io.cronlog.executor.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.executor.MockApi;
import io.cronlog.executor.act.RunJobs;
import io.cronlog.executor.kube.KubernetesClients;
import io.cronlog.executor.kube.RateLimit;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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

  private final DevKubernetesApi api;
  private final KubernetesClient admin;
  final List<ScheduledJob> scheduledJobs;

  private BenchApi(DevKubernetesApi api, KubernetesClient admin, List<ScheduledJob> scheduledJobs) {
    this.api = api;
    this.admin = admin;
    this.scheduledJobs = scheduledJobs;
  }

  /** Starts an API and creates {@code count} ScheduledJobs in it, 8 at a time. */
  static BenchApi withScheduledJobs(int count) throws Exception {
    DevKubernetesApi api = DevKubernetesApi.start(0);
    KubernetesClient admin = client(api.url(), UNLIMITED_QPS, UNLIMITED_QPS);
    MockApi.installCrd(admin);
    List<ScheduledJob> created = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      created.add(null);
    }
    inParallel(
        8,
        count,
        i ->
            created.set(
                i,
                MockApi.create(
                    admin, MockApi.scheduledJob(NAMESPACE, "sj-" + i, MockApi.YEARLY, null))));
    return new BenchApi(api, admin, created);
  }

  /**
   * A client with the executor's own settings (no built-in retries, these rate limits) on this API.
   */
  KubernetesClient executorClient(RateLimit calls, RateLimit events) {
    Config config =
        new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withNamespace(NAMESPACE).build();
    return KubernetesClients.customize(
            new KubernetesClientBuilder().withConfig(config), calls, events)
        .build();
  }

  /**
   * Creates one Job per ScheduledJob for run {@code time}, from {@code threads} threads, exactly as
   * the executor builds them, and returns Jobs created per second. Timed as the end-to-end burst
   * is, until a watch on the Jobs has seen the last one: the watch costs the API the same in both.
   */
  double rawCreateRate(int threads, Instant time) throws Exception {
    try (JobArrivals arrivals = jobArrivals()) {
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
      return scheduledJobs.size() / last;
    }
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
    return KubernetesClients.customize(new KubernetesClientBuilder().withConfig(config), qps, burst)
        .build();
  }

  /** Runs {@code task} for 0..count-1 on {@code threads} threads, each taking the next index. */
  private static void inParallel(int threads, int count, Consumer<Integer> task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    admin.close();
    api.close();
  }
}
