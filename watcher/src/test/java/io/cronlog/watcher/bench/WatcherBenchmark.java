package io.cronlog.watcher.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.watcher.Watcher;
import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Prints how fast the watcher publishes and how long a start takes to be in sync, for 1,000 and
 * 10,000 ScheduledJobs: first with none of them in cronlog.state (all published: a burst of ADDED),
 * then with all of them there already (nothing published). Not a test: it asserts nothing. Loading
 * the dev API (about 300 creates/s) is timed apart from the watcher.
 *
 * <p>Arguments: the sizes (default 1000 10000). See docs/benchmarks/watcher.md for the command.
 */
public final class WatcherBenchmark {

  private WatcherBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        args.length == 0
            ? new int[] {1_000, 10_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults())) {
      for (int size : sizes) {
        run(kafka, size);
      }
    }
    System.exit(0);
  }

  private static void run(EmbeddedKafka kafka, int size) throws Exception {
    try (DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      BenchObjects.prepare(client);
      long loadStart = System.nanoTime();
      load(api, size);
      double loadSeconds = seconds(System.nanoTime() - loadStart);
      System.out.printf(
          "%,d ScheduledJobs: loaded into the dev API in %.1f s (%.0f creates/s, not the watcher)%n",
          size, loadSeconds, size / loadSeconds);

      String prefix = "bench" + size + ".";
      Duration cold = timeToSync(api, kafka, prefix, "cold");
      System.out.printf(
          "%,d ScheduledJobs: start to in-sync, none in cronlog.state: %.2f s; %,d ADDED published"
              + " at %.0f events/s (each with its state, in transactions of up to 500)%n",
          size, seconds(cold.toNanos()), size, size / seconds(cold.toNanos()));
      Duration warm = timeToSync(api, kafka, prefix, "warm");
      System.out.printf(
          "%,d ScheduledJobs: start to in-sync, all already in cronlog.state: %.2f s; nothing"
              + " published%n",
          size, seconds(warm.toNanos()));
    }
  }

  /** From start() to the leader having published the differences; includes winning the lease. */
  private static Duration timeToSync(
      DevKubernetesApi api, EmbeddedKafka kafka, String prefix, String identity) throws Exception {
    Map<String, String> env =
        Map.of(
            KafkaSettings.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            KafkaSettings.TOPIC_PREFIX,
            prefix,
            KafkaSettings.PARTITIONS,
            "6",
            WatcherConfig.TRANSACTIONAL_ID,
            prefix + "watcher",
            WatcherConfig.LEASE_NAME,
            "bench",
            WatcherConfig.LEASE_IDENTITY,
            identity,
            WatcherConfig.LEASE_RETRY_PERIOD,
            "PT0.2S");
    try (KubernetesClient client = api.newClient();
        Watcher watcher =
            new Watcher(client, WatcherConfig.fromEnvironment(env), Clock.systemUTC())) {
      long start = System.nanoTime();
      watcher.start();
      while (!watcher.isSynced()) {
        if (!watcher.isRunning()) {
          throw new IllegalStateException("the watcher stopped before it was in sync");
        }
        Thread.onSpinWait();
        TimeUnit.MILLISECONDS.sleep(5); // a benchmark's polling loop, not a test
      }
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  private static void load(DevKubernetesApi api, int size) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (KubernetesClient client = api.newClient()) {
      IntStream.range(0, size)
          .forEach(i -> pool.execute(() -> client.resource(scheduledJob("sj-" + i)).create()));
      pool.shutdown();
      if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("loading took too long");
      }
    }
  }

  private static ScheduledJob scheduledJob(String name) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder().withNamespace(BenchObjects.NAMESPACE).withName(name).build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("*/5 * * * *");
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .endContainer()
            .withRestartPolicy("Never")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    sj.setSpec(spec);
    return sj;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
