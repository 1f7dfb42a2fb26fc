package io.cronlog.executor;

import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.executor.kube.KubernetesClients;
import io.cronlog.ops.FatalErrors;
import io.cronlog.ops.Metrics;
import io.cronlog.ops.OpsConfig;
import io.cronlog.ops.OpsServer;
import io.cronlog.runtime.config.BadConfig;
import io.cronlog.runtime.config.ServiceClock;
import io.cronlog.runtime.topics.TopicBootstrap;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the executor: reads the config, builds the clients, wires them and starts. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    // First, so that no thread of this process can die with only a trace on stderr.
    FatalErrors fatal = new FatalErrors();
    Thread.setDefaultUncaughtExceptionHandler(fatal.uncaughtErrorHandler());
    ExecutorConfig config =
        BadConfig.exitIfInvalid("executor", () -> ExecutorConfig.fromEnvironment(System.getenv()));
    LOG.info("Starting the executor with {}", config);
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicBootstrap(admin, config.kafka().topics(), config.kafka().topicSettings())
          .ensureTopics();
    }
    PrometheusMeterRegistry registry = Metrics.registryFor("executor");
    Executor executor =
        new Executor(
            KubernetesClients.rateLimited(config.apiRateLimit(), config.eventRateLimit(), registry),
            config,
            Executor.consumers(config, registry),
            new KafkaProducer<>(
                config.producerProperties(), new StringSerializer(), new ByteArraySerializer()),
            ServiceClock.fromEnvironment(System.getenv()),
            registry);
    OpsServer ops =
        OpsServer.start(
            OpsConfig.fromEnvironment(System.getenv()).port(),
            fatal.guard(executor::health),
            registry);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  executor.close();
                  ops.close();
                },
                "cronlog-executor-shutdown"));
    executor.start();
    try {
      executor.termination().join();
    } catch (CompletionException e) {
      // The loop logged why it failed; exit so that a supervisor (a Deployment) starts afresh.
      System.exit(1);
    }
  }
}
