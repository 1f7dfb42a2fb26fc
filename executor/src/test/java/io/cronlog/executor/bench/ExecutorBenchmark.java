package io.cronlog.executor.bench;

import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.executor.Executor;
import io.cronlog.executor.MockApi;
import io.cronlog.executor.act.ActionResult;
import io.cronlog.executor.act.CommandHandler;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issues 6 and 13's benchmark: when the Jobs of a burst appear end to end (CreateJob commands on
 * {@code cronlog.commands} to Jobs in the API, then their outcomes on {@code cronlog.outcomes},
 * which follow their status writes and Events), and Jobs created per second, beside the raw rate at
 * which the same client creates the same Jobs directly on the same kind of API with the same
 * concurrency (before and after the burst), and the ratio to the mean of the two. Then the
 * executor's own capacity, with a handler that answers at once in place of the API. Prints figures;
 * asserts nothing about speed. See docs/benchmarks/executor.md for how to run it and what it
 * measured.
 *
 * <p>Arguments (all optional): runs against the dev API (default 1000), commands against the
 * instant handler (default 20000), the worker counts to try (default "1,8"), the executors' API
 * rate limit in calls per second (default: none to speak of), the shapes to try as executors x
 * partitions (default "1x3,1x6,2x6,3x6,3x12"), and where the API runs: {@code shared}, in this JVM
 * (the default), or {@code own-core}, in a JVM of its own on a core of its own ({@link ApiHost}).
 */
public final class ExecutorBenchmark {

  private static int[][] shapes = {{1, 3}, {1, 6}, {2, 6}, {3, 6}, {3, 12}};
  private static int apiQps = BenchApi.UNLIMITED_QPS;
  private static ApiHost apiHost;

  /** The warm-up ends once the JIT compiles for less than this share of a burst's time. */
  private static final double WARM_COMPILING_SHARE = 0.1;

  private static final int MAX_WARM_UPS = 10;

  private ExecutorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int instantCommands = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int[] workerCounts =
        args.length > 2
            ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 8};
    if (args.length > 3) {
      apiQps = Integer.parseInt(args[3]);
    }
    if (args.length > 4) {
      shapes =
          Arrays.stream(args[4].split(","))
              .map(shape -> shape.split("x"))
              .map(p -> new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])})
              .toArray(int[][]::new);
    }
    String placement = args.length > 5 ? args[5] : "shared";
    switch (placement) {
      case "shared" -> apiHost = ApiHost.shared();
      case "own-core" -> apiHost = ApiHost.ownCore();
      default -> {
        System.err.println("where the API runs: shared or own-core, not " + placement);
        System.exit(2);
      }
    }
    try (ApiHost host = apiHost;
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults())) {
      ExecutorBenchmark.against(kafka.bootstrapServers(), runs, instantCommands, workerCounts);
    }
  }

  private static void against(String bootstrap, int runs, int instantCommands, int[] workerCounts)
      throws Exception {
    int scenario = 0;
    warmUp(bootstrap, runs, workerCounts[0]);
    System.out.printf(
        "%nDev API (%s), %d runs due at once (one CreateJob per ScheduledJob), executors limited to"
            + " %d API calls/s%n",
        placement(), runs, apiQps);
    System.out.printf(
        "%-9s %-10s %-7s %-20s %-12s %-34s %-6s %-13s %s%n",
        "executors",
        "partitions",
        "workers",
        "Jobs p50/p99/all s",
        "e2e Jobs/s",
        "raw Jobs/s before|after (threads)",
        "ratio",
        "outcomes all s",
        "outcomes");
    List<Double> ratios = new ArrayList<>();
    for (int workers : workerCounts) {
      for (int[] shape : shapes) {
        int executors = shape[0];
        int partitions = shape[1];
        int concurrency = executors * workers;
        // Measured before and after each run, on a fresh API with the same objects, as the load
        // of the machine varies: one raw phase alone moved by up to half between runs.
        BenchApi.RawRate before = rawCreateRate(runs, concurrency);
        ExecutorConfig config = config(bootstrap, "bench-" + scenario++ + ".", partitions, workers);
        DevApiResult e2e = devApiBurst(config, executors, runs);
        BenchApi.RawRate after = rawCreateRate(runs, concurrency);
        double rawBefore = before.perSecond();
        double rawAfter = after.perSecond();
        double raw = (rawBefore + rawAfter) / 2;
        Burst.Result result = e2e.burst();
        double[] created = result.created();
        System.out.printf(
            "%-9d %-10d %-7d %-20s %-12.0f %-34s %-6.2f %-13.1f %s, %d Jobs in the API%n",
            executors,
            partitions,
            workers,
            String.format("%.1f/%.1f/%.1f", created[0], created[1], created[2]),
            result.createdPerSecond(),
            String.format("%.0f|%.0f (%d)", rawBefore, rawAfter, concurrency),
            result.createdPerSecond() / raw,
            result.seconds(),
            result.outcomes(),
            e2e.jobs());
        System.out.printf(
            "  CPU raw before: %s%n  CPU end to end: %s%n  CPU raw after:  %s%n",
            before.cpu(), result.cpuUntilCreated(), after.cpu());
        ratios.add(result.createdPerSecond() / raw);
      }
    }
    printRatios(ratios);
    if (instantCommands == 0) {
      return;
    }
    System.out.printf(
        "%nInstant handler (no API calls), %d commands: the executor's own capacity%n",
        instantCommands);
    System.out.printf(
        "%-9s %-10s %-7s %-7s %-12s %s%n",
        "executors", "partitions", "workers", "seconds", "commands/s", "outcomes");
    CommandHandler instant = command -> ActionResult.of(Result.CREATED, "benchmark");
    Instant fire = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    List<CreateJob> commands =
        IntStream.range(0, instantCommands)
            .mapToObj(
                i ->
                    CreateJob.forRun(
                        new ScheduledJobRef(BenchApi.NAMESPACE, "sj-" + i, "uid-" + i),
                        fire,
                        RunReason.SCHEDULED,
                        null,
                        Instant.now()))
            .toList();
    for (int workers : workerCounts) {
      for (int[] shape : shapes) {
        ExecutorConfig config = config(bootstrap, "bench-" + scenario++ + ".", shape[1], workers);
        Burst.Result result =
            new Burst(config).run(shape[0], c -> executor(unusedClient(), instant, c), commands);
        System.out.printf(
            "%-9d %-10d %-7d %-7.1f %-12.0f %s%n",
            shape[0], shape[1], workers, result.seconds(), result.perSecond(), result.outcomes());
      }
    }
  }

  /**
   * Bursts and raw phases, not printed, until the JIT compiled for less than {@link
   * #WARM_COMPILING_SHARE} of a burst's time, at most {@link #MAX_WARM_UPS}: the figures are of a
   * JVM that runs on, as an executor does. One burst was not enough: the end-to-end phase has more
   * code to compile than the raw phase, and in ten rows after one warm-up burst its JIT time fell
   * from 2.2 s a burst to 0.1 s only by the seventh, while its rate rose from 1,385 to about 2,500
   * Jobs/s (the raw rate from 1,900 to 3,800).
   */
  private static void warmUp(String bootstrap, int runs, int workers) throws Exception {
    List<String> shares = new ArrayList<>();
    for (int i = 0; i < MAX_WARM_UPS; i++) {
      DevApiResult burst =
          devApiBurst(config(bootstrap, "bench-warm-up-" + i + ".", 6, workers), 1, runs);
      rawCreateRate(runs, workers);
      double share = burst.burst().compilingShare();
      shares.add(String.format("%.0f %%", 100 * share));
      if (share < WARM_COMPILING_SHARE) {
        break;
      }
    }
    System.out.printf(
        "%nWarm-up: %d bursts; the JIT compiled for %s of each%n", shares.size(), shares);
  }

  /**
   * The rows' ratios together: one row's ratio moves by a fifth from run to run on this machine,
   * more than most changes worth measuring, so a verdict takes the median of several.
   */
  private static void printRatios(List<Double> ratios) {
    List<Double> sorted = ratios.stream().sorted().toList();
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    System.out.printf(
        "Ratio over %d rows: median %.2f, %.2f to %.2f; %d of %d at 0.8 or above%n",
        n,
        median,
        sorted.get(0),
        sorted.get(n - 1),
        sorted.stream().filter(r -> r >= 0.8).count(),
        n);
  }

  private static String placement() {
    return apiHost.apiCpuNanos() < 0
        ? "in this JVM"
        : "in a JVM of its own on core 0, this JVM on the other cores";
  }

  /** The raw create rate of a fresh API holding {@code runs} ScheduledJobs. */
  private static BenchApi.RawRate rawCreateRate(int runs, int concurrency) throws Exception {
    try (BenchApi api = BenchApi.withScheduledJobs(apiHost, runs)) {
      return api.rawCreateRate(concurrency, Instant.now().truncatedTo(ChronoUnit.MINUTES));
    }
  }

  private record DevApiResult(Burst.Result burst, int jobs) {}

  /** A burst of {@code runs} CreateJobs against a fresh dev API holding their ScheduledJobs. */
  private static DevApiResult devApiBurst(ExecutorConfig config, int executors, int runs)
      throws Exception {
    Instant fire = MockApi.latestYearlyFireTime();
    try (BenchApi api = BenchApi.withScheduledJobs(apiHost, runs);
        JobArrivals arrivals = api.jobArrivals()) {
      List<CreateJob> commands =
          api.scheduledJobs.stream()
              .map(
                  sj ->
                      CreateJob.forRun(
                          ScheduledJobRef.of(sj), fire, RunReason.SCHEDULED, null, Instant.now()))
              .toList();
      Burst.Result result =
          new Burst(config)
              .run(
                  executors,
                  c -> executor(api.executorClient(c.apiRateLimit(), c.eventRateLimit()), null, c),
                  commands,
                  arrivals,
                  api::cpuNow);
      return new DevApiResult(result, api.jobCount());
    }
  }

  private static ExecutorConfig config(
      String bootstrap, String prefix, int partitions, int workers) {
    return ExecutorConfig.fromEnvironment(
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            bootstrap,
            "CRONLOG_TOPIC_PREFIX",
            prefix,
            "CRONLOG_PARTITIONS",
            Integer.toString(partitions),
            "CRONLOG_EXECUTOR_GROUP",
            prefix + "executors",
            "CRONLOG_EXECUTOR_API_QPS",
            Integer.toString(apiQps),
            "CRONLOG_EXECUTOR_API_BURST",
            Integer.toString(apiQps == BenchApi.UNLIMITED_QPS ? apiQps : 2 * apiQps),
            // Unlimited calls means unlimited Events too; a limit leaves the Events' budget at its
            // default.
            "CRONLOG_EXECUTOR_EVENT_QPS",
            apiQps == BenchApi.UNLIMITED_QPS ? Integer.toString(apiQps) : "10",
            "CRONLOG_EXECUTOR_EVENT_BURST",
            apiQps == BenchApi.UNLIMITED_QPS ? Integer.toString(apiQps) : "25",
            "CRONLOG_EXECUTOR_WORKERS",
            Integer.toString(workers)));
  }

  /**
   * An executor with cronlog's actions on {@code kube}, or with {@code handler} when one is given.
   */
  private static Executor executor(
      KubernetesClient kube, CommandHandler handler, ExecutorConfig config) {
    var consumers =
        (Supplier<Consumer<String, byte[]>>)
            () ->
                new KafkaConsumer<>(
                    config.consumerProperties(),
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
    var producer =
        new KafkaProducer<>(
            config.producerProperties(), new StringSerializer(), new ByteArraySerializer());
    return handler == null
        ? new Executor(kube, config, consumers, producer, Clock.systemUTC())
        : new Executor(kube, handler, config, consumers, producer, Clock.systemUTC());
  }

  /** A client the instant handler never calls; the executor only closes it. */
  private static KubernetesClient unusedClient() {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:9").build())
        .build();
  }
}
