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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher, the scheduler and the executor on one Kafka and one Kubernetes API, each with the
 * config it would read from its environment in production, and each with its own API client.
 */
public final class Services implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Services.class);

  /** The executor's API budget on the local API, unless the environment names its own. */
  static final Map<String, String> DEV_RATE_LIMITS = Map.of(
      ExecutorConfig.API_QPS, "500", ExecutorConfig.API_BURST, "1000",
      ExecutorConfig.EVENT_QPS, "200", ExecutorConfig.EVENT_BURST, "400");

  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  private Services() {}

  /** Starts the three services with the environment {@code env}; on failure stops what started. */
  public static Services start(DevKubernetesApi api, Map<String, String> env, Clock clock) throws Exception {
    return start(api, service -> env, clock);
  }

  /**
   * Starts the three services, each with its own environment {@code envOf.apply(name)} for
   * {@code "watcher"}, {@code "scheduler"} and {@code "executor"}: as in production, where each
   * is its own Kafka principal. On failure stops what started.
   */
  public static Services start(DevKubernetesApi api, Function<String, Map<String, String>> envOf, Clock clock)
      throws Exception {
    Services services = new Services();
    try {
      Watcher watcher = services.started(new Watcher(services.started(api.newClient()),
          WatcherConfig.fromEnvironment(envOf.apply("watcher")), clock));
      watcher.start();
      SchedulerService scheduler = services.started(
          new SchedulerService(SchedulerConfig.fromEnvironment(envOf.apply("scheduler")), clock));
      scheduler.start();
      ExecutorConfig config = ExecutorConfig.fromEnvironment(withDevRateLimits(envOf.apply("executor")));
      // The executor's client as in production: its rate limits, and fabric8's own retries off.
      KubernetesClient executorClient = KubernetesClients.customize(
          new KubernetesClientBuilder().withConfig(api.clientConfig()), config.apiRateLimit(), config.eventRateLimit())
          .build();
      Executor executor = services.started(new Executor(executorClient, config,
          () -> new KafkaConsumer<>(config.consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer()),
          new KafkaProducer<>(config.producerProperties(), new StringSerializer(), new ByteArraySerializer()),
          clock));
      executor.start();
      return services;
    } catch (Exception | Error e) {
      services.close();
      throw e;
    }
  }

  /**
   * {@code env} with the executor's rate limits raised to {@link #DEV_RATE_LIMITS} where it sets
   * none. The limits protect a shared API server; this one is in the same process and serves no
   * one else, and a burst of a few hundred runs should show its Jobs within seconds, not minutes.
   */
  static Map<String, String> withDevRateLimits(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    // A limit the environment sets under the key's old name is kept too: the new name would win.
    DEV_RATE_LIMITS.forEach((key, value) -> {
      if (!env.containsKey(key) && !env.containsKey(ExecutorConfig.OLD_NAMES.getOrDefault(key, key))) {
        merged.put(key, value);
      }
    });
    return merged;
  }

  private <T extends AutoCloseable> T started(T component) {
    running.push(component);
    return component;
  }

  /** Stops the services, newest first; idempotent. */
  @Override
  public void close() {
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
