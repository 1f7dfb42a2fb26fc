package io.cronlog.scheduler;

import io.cronlog.ops.FatalErrors;
import io.cronlog.ops.Health;
import io.cronlog.ops.Metrics;
import io.cronlog.ops.OpsConfig;
import io.cronlog.ops.OpsServer;
import io.cronlog.runtime.config.BadConfig;
import io.cronlog.runtime.config.ServiceClock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/** Starts the scheduler from the environment, with its probes and metrics. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    // First, so that no thread of this process can die with only a trace on stderr.
    FatalErrors fatal = new FatalErrors();
    Thread.setDefaultUncaughtExceptionHandler(fatal.uncaughtErrorHandler());
    Map<String, String> env = System.getenv();
    SchedulerConfig config =
        BadConfig.exitIfInvalid("scheduler", () -> SchedulerConfig.fromEnvironment(env));
    OpsConfig opsConfig = OpsConfig.fromEnvironment(env);
    PrometheusMeterRegistry registry = Metrics.registryFor("scheduler");
    SchedulerService scheduler =
        new SchedulerService(
            config,
            SchedulerClients.of(config, registry),
            ServiceClock.fromEnvironment(env),
            registry);
    OpsServer ops =
        OpsServer.start(opsConfig.port(), fatal.guard(() -> health(scheduler.health())), registry);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  scheduler.close();
                  ops.close();
                },
                "cronlog-scheduler-shutdown"));
    scheduler.start();
  }

  static Health.Status health(SchedulerHealth health) {
    if (!health.running()) {
      return Health.Status.down("the scheduler's state consumer stopped");
    }
    if (!health.ready()) {
      return Health.Status.starting(health.restoringPartitions() + " partitions restoring");
    }
    return Health.Status.up("deciding for partitions " + health.livePartitions());
  }
}
