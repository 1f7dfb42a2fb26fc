package io.cronlog.watcher;

import io.cronlog.ops.FatalErrors;
import io.cronlog.ops.Health;
import io.cronlog.ops.Metrics;
import io.cronlog.ops.OpsConfig;
import io.cronlog.ops.OpsServer;
import io.cronlog.runtime.config.BadConfig;
import io.cronlog.runtime.config.ServiceClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletionException;

/** Starts the watcher from the environment. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    // First, so that no thread of this process can die with only a trace on stderr.
    FatalErrors fatal = new FatalErrors();
    Thread.setDefaultUncaughtExceptionHandler(fatal.uncaughtErrorHandler());
    WatcherConfig config =
        BadConfig.exitIfInvalid("watcher", () -> WatcherConfig.fromEnvironment(System.getenv()));
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = Metrics.registryFor("watcher");
    Watcher watcher =
        new Watcher(client, config, ServiceClock.fromEnvironment(System.getenv()), registry);
    // A standby is ready too: readiness gates rollouts, and a replica without the Lease is doing
    // its job.
    OpsServer ops =
        OpsServer.start(
            OpsConfig.fromEnvironment(System.getenv()).port(),
            fatal.guard(
                () ->
                    !watcher.isRunning()
                        ? Health.Status.down("the watcher stopped")
                        : Health.Status.up(
                            watcher.isSynced()
                                ? "leading, in sync with the cluster"
                                : "standing by or catching up")),
            registry);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  watcher.close();
                  client.close();
                  ops.close();
                },
                "cronlog-watcher-shutdown"));
    watcher.start();
    try {
      watcher.termination().join();
    } catch (CompletionException e) {
      // Fenced or refused for good: exit, so that a supervisor (a Deployment) starts afresh.
      System.exit(1);
    }
  }
}
