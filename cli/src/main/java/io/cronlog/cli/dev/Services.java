package io.cronlog.cli.dev;

import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.executor.Executor;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.executor.kube.KubernetesClients;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.scheduler.SchedulerService;
import io.cronlog.watcher.Watcher;
import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The watcher, the schedulers and the executors on one Kafka and one Kubernetes API, each with the
 * config it would read from its environment in production, and each with its own API client.
 */
public final class Services implements AutoCloseable {

  /** The executor's API budget on the local API, unless the environment names its own. */
  static final Map<String, String> DEV_RATE_LIMITS =
      Map.of(
          ExecutorConfig.API_QPS,
          "500",
          ExecutorConfig.API_BURST,
          "1000",
          ExecutorConfig.EVENT_QPS,
          "200",
          ExecutorConfig.EVENT_BURST,
          "400");

  private final StartedParts running = new StartedParts();

  private Services() {}

  /** How many of each service to run; the watchers elect one leader, so one is enough here. */
  public record Replicas(int schedulers, int executors) {

    /** The most of either that one process runs: each executor holds an informer and a pool. */
    public static final int MAX = 16;

    public static final Replicas ONE_EACH = new Replicas(1, 1);

    public Replicas {
      if (schedulers < 1 || schedulers > MAX || executors < 1 || executors > MAX) {
        throw new IllegalArgumentException(
            "schedulers and executors must each be from 1 to " + MAX);
      }
    }
  }

  private final List<Executor> executors = new ArrayList<>();

  /** Starts the three services with the environment {@code env}; on failure stops what started. */
  public static Services start(DevKubernetesApi api, Map<String, String> env, Clock clock)
      throws Exception {
    return start(api, service -> env, clock, Replicas.ONE_EACH);
  }

  /**
   * Starts a watcher and the {@code replicas} of the scheduler and the executor, each with its own
   * environment {@code envOf.apply(name)} for {@code "watcher"}, {@code "scheduler"} and {@code
   * "executor"}: as in production, where each is its own Kafka principal. Replicas of a service
   * share its consumer group, so they share its partitions. On failure stops what started.
   */
  public static Services start(
      DevKubernetesApi api,
      Function<String, Map<String, String>> envOf,
      Clock clock,
      Replicas replicas)
      throws Exception {
    Services services = new Services();
    try {
      Watcher watcher =
          services.started(
              new Watcher(
                  services.started(api.newClient()),
                  WatcherConfig.fromEnvironment(envOf.apply("watcher")),
                  clock));
      watcher.start();
      for (int i = 0; i < replicas.schedulers(); i++) {
        SchedulerService scheduler =
            services.started(
                new SchedulerService(
                    SchedulerConfig.fromEnvironment(envOf.apply("scheduler")), clock));
        scheduler.start();
      }
      for (int i = 0; i < replicas.executors(); i++) {
        services.executors.add(services.startExecutor(api, envOf.apply("executor"), clock));
      }
      return services;
    } catch (Exception | Error e) {
      services.close();
      throw e;
    }
  }

  /** Starts the three services, one of each, each with its own environment; see above. */
  public static Services start(
      DevKubernetesApi api, Function<String, Map<String, String>> envOf, Clock clock)
      throws Exception {
    return start(api, envOf, clock, Replicas.ONE_EACH);
  }

  private Executor startExecutor(DevKubernetesApi api, Map<String, String> env, Clock clock) {
    ExecutorConfig config = ExecutorConfig.fromEnvironment(withDevRateLimits(env));
    // The executor's client as in production: its rate limits, and fabric8's own retries off. The
    // executor closes it.
    KubernetesClient executorClient =
        KubernetesClients.customize(
                new KubernetesClientBuilder().withConfig(api.clientConfig()),
                config.apiRateLimit(),
                config.eventRateLimit())
            .build();
    Executor executor =
        started(
            new Executor(
                executorClient,
                config,
                () ->
                    new KafkaConsumer<>(
                        config.consumerProperties(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer()),
                new KafkaProducer<>(
                    config.producerProperties(), new StringSerializer(), new ByteArraySerializer()),
                clock));
    executor.start();
    return executor;
  }

  /**
   * Stops the executor started {@code index}th (from 0), as a crash or a scale-down would: its
   * partitions go to the others. For tests of scaling.
   */
  public void stopExecutor(int index) {
    executors.get(index).close();
  }

  /**
   * {@code env} with the executor's rate limits raised to {@link #DEV_RATE_LIMITS} where it sets
   * none. The limits protect a shared API server; this one is in the same process and serves no one
   * else, and a burst of a few hundred runs should show its Jobs within seconds, not minutes.
   */
  public static Map<String, String> withDevRateLimits(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    // A limit the environment sets under the key's old name is kept too: the new name would win.
    DEV_RATE_LIMITS.forEach(
        (key, value) -> {
          if (!env.containsKey(key)
              && !env.containsKey(ExecutorConfig.OLD_NAMES.getOrDefault(key, key))) {
            merged.put(key, value);
          }
        });
    return merged;
  }

  private <T extends AutoCloseable> T started(T component) {
    return running.add(component);
  }

  /** Stops the services, newest first; idempotent. */
  @Override
  public void close() {
    running.close();
  }
}
