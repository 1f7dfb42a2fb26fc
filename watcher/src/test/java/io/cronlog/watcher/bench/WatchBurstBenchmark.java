package io.cronlog.watcher.bench;

import static org.awaitility.Awaitility.await;

import io.cronlog.api.ScheduledJob;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.watcher.Watcher;
import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Prints how fast a burst of changes made through the API comes out on cronlog.events, end to end:
 * a leading, synced watcher on the dev API, K ScheduledJobs each updated once from 8 client
 * threads. The dev API is far slower than the watcher's publishing (see {@link
 * PublishPipelineBenchmark}), so the published rate is reported as a ratio to the API's raw rate
 * for the same burst: 1.0 means the watcher kept up with the API. The watcher's lag is when the
 * last update's event was committed, after the update completed. The first burst warms up. Not a
 * test: it asserts nothing.
 *
 * <p>Arguments: ScheduledJobs, bursts (default 2000 2). See docs/benchmarks/watcher.md.
 */
public final class WatchBurstBenchmark {

  private static final int CLIENT_THREADS = 8;
  private static final Duration WAIT = Duration.ofMinutes(2);

  private WatchBurstBenchmark() {}

  public static void main(String[] args) throws Exception {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int bursts = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      BenchObjects.prepare(client);
      List<ScheduledJob> toCreate =
          IntStream.range(0, size)
              .mapToObj(i -> BenchObjects.toCreate("daily-report-" + i))
              .toList();
      ApiBurst.Result created = ApiBurst.create(client, toCreate, CLIENT_THREADS);
      System.out.printf(
          "%,d ScheduledJobs created in the dev API in %.1f s (%.0f creates/s)%n",
          size, created.seconds(), created.perSecond());
      WatcherConfig config = config(kafka);
      try (KubernetesClient watcherClient = api.newClient();
          Watcher watcher = startSynced(watcherClient, config)) {
        List<ScheduledJob> current = created.objects();
        for (int burst = 1; burst <= bursts; burst++) {
          current = burst(client, config, current, burst, bursts);
        }
      }
    }
    System.exit(0);
  }

  /**
   * Updates every one of {@code current} once, and prints the rates and the lag; returns the
   * updated objects.
   */
  private static List<ScheduledJob> burst(
      KubernetesClient client,
      WatcherConfig config,
      List<ScheduledJob> current,
      int burst,
      int bursts)
      throws InterruptedException {
    ApiBurst.Result updated;
    Map<String, Long> arrivedAt;
    try (EventArrivals arrivals =
        EventArrivals.start(
            config.kafka().bootstrapServers(), config.kafka().topics().events(), current.size())) {
      updated = ApiBurst.update(client, current, burst, CLIENT_THREADS);
      arrivedAt = arrivals.await(WAIT);
    }
    long lastArrival = arrivedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    double endToEnd = (lastArrival - updated.startNanos()) / 1e9;
    long[] lagsMillis =
        updated.completedAt().entrySet().stream()
            .mapToLong(e -> (arrivedAt.get(e.getKey()) - e.getValue()) / 1_000_000)
            .sorted()
            .toArray();
    long lastLagMillis =
        (arrivedAt.get(updated.lastKey()) - updated.lastCompletionNanos()) / 1_000_000;
    System.out.printf(
        "Burst %d of %d%s: %,d updates from %d client threads%n",
        burst, bursts, burst == 1 ? " (warm-up)" : "", current.size(), CLIENT_THREADS);
    System.out.printf(
        "  dev API: the updates completed in %.2f s: %.0f updates/s (its raw rate for this burst)%n",
        updated.seconds(), updated.perSecond());
    System.out.printf(
        "  published: last event committed %.2f s after the first update: %.0f events/s,"
            + " %.2f of the API's raw rate%n",
        endToEnd, current.size() / endToEnd, updated.seconds() / endToEnd);
    // Negative when the event was committed before the client thread had the API's answer.
    System.out.printf(
        "  lag: the last update's event committed %+d ms after the update completed;"
            + " over all updates: median %+d ms, 99th percentile %+d ms, max %+d ms%n",
        lastLagMillis,
        percentile(lagsMillis, 50),
        percentile(lagsMillis, 99),
        lagsMillis[lagsMillis.length - 1]);
    return updated.objects();
  }

  private static WatcherConfig config(EmbeddedKafka kafka) {
    return WatcherConfig.fromEnvironment(
        Map.of(
            KafkaSettings.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            KafkaSettings.TOPIC_PREFIX,
            "burst.",
            KafkaSettings.PARTITIONS,
            "6",
            WatcherConfig.TRANSACTIONAL_ID,
            "burst.watcher",
            WatcherConfig.LEASE_NAME,
            "bench",
            WatcherConfig.LEASE_IDENTITY,
            "burst",
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.2S"));
  }

  /**
   * A watcher that leads and has published the initial list: from here on only the burst is
   * published.
   */
  private static Watcher startSynced(KubernetesClient client, WatcherConfig config)
      throws Exception {
    Watcher watcher = new Watcher(client, config, Clock.systemUTC());
    watcher.start();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (!watcher.isRunning()) {
                throw new IllegalStateException("the watcher stopped before it was in sync");
              }
              return watcher.isSynced();
            });
    return watcher;
  }

  private static long percentile(long[] sorted, int percent) {
    return sorted[
        Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
  }
}
