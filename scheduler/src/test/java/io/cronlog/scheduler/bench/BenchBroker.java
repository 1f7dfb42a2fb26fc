package io.cronlog.scheduler.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.scheduler.SchedulerService;
import io.cronlog.scheduler.StateTopic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The in-process KRaft broker with a fresh set of cronlog topics, for the scheduler's benchmarks.
 */
final class BenchBroker implements AutoCloseable {

  static final int PARTITIONS = 6;

  final EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
  final String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";

  BenchBroker() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of("events", "state", "commands", "outcomes").stream()
                  .map(name -> new NewTopic(prefix + name, PARTITIONS, (short) 1))
                  // The broker's clock stamps each command, so the timer benchmark sees when Kafka
                  // had it.
                  .map(
                      topic ->
                          topic.name().endsWith("commands")
                              ? topic.configs(Map.of("message.timestamp.type", "LogAppendTime"))
                              : topic)
                  .toList())
          .all()
          .get();
    }
  }

  StateTopic states() {
    return new StateTopic(kafka.bootstrapServers(), prefix + "state", prefix + "commands");
  }

  /**
   * A scheduler on these topics; {@code CRONLOG_SCHEDULER_*} settings come from the benchmark's
   * environment.
   */
  SchedulerService scheduler() throws Exception {
    return scheduler(new SimpleMeterRegistry());
  }

  /** As {@link #scheduler()}, its meters on {@code registry}. */
  SchedulerService scheduler(MeterRegistry registry) throws Exception {
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (key, value) -> {
              if (key.startsWith("CRONLOG_SCHEDULER_")) {
                env.put(key, value);
              }
            });
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("CRONLOG_TOPIC_PREFIX", prefix);
    env.put("CRONLOG_PARTITIONS", Integer.toString(PARTITIONS));
    env.put(SchedulerConfig.GROUP_ID, prefix + "schedulers");
    return new SchedulerService(SchedulerConfig.fromEnvironment(env), Clock.systemUTC(), registry);
  }

  /**
   * Polls {@code done} every 10 ms until it holds; a benchmark main, so waiting this way is fine.
   */
  static void awaitTrue(BooleanSupplier done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Not done within " + timeout);
      }
      Thread.sleep(10);
    }
  }

  /**
   * The JIT setting the benchmark runs with, beside the one the scheduler's Deployment gives it: a
   * figure taken without it measures a scheduler whose first burst runs on code not yet compiled.
   */
  static String jitSetting() {
    String scaling =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("CompileThresholdScaling")
            .getValue();
    return "JIT: -XX:CompileThresholdScaling="
        + scaling
        + " (deploy/base/scheduler.yaml runs the scheduler with 0.1)";
  }

  /**
   * CPU time so far of the scheduler's own threads (consumer, decision, sender and Quartz threads:
   * their names start with {@code cronlog-scheduler}), live ones only. Unlike wall-clock figures,
   * it hardly moves with the load of the shared machine.
   */
  static long schedulerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("cronlog-scheduler")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  @Override
  public void close() {
    kafka.close();
  }
}
