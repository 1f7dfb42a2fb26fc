package io.cronlog.scheduler.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.KubeTimes;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import io.cronlog.scheduler.SchedulerService;
import io.cronlog.scheduler.StateTopic;
import io.cronlog.scheduler.state.PartitionRestore;
import io.cronlog.testsupport.TeamJobTemplate;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Restore time of a scheduler assigned every partition of a {@code cronlog.state} holding N
 * ScheduledJobs (synthetic records, each with a realistic Job template, produced straight to the
 * in-process broker): per partition, the state read to its end and then the commands' tail, and the
 * wall time from start until every partition is live; and the heap the scheduler holds per
 * ScheduledJob (used heap after a full GC, with every partition live, minus the same before the
 * scheduler started: broker and test producer are in both). Prints figures; asserts nothing.
 *
 * <p>Each N is measured twice: with every status current (a scheduler restarting on a running
 * cluster: nothing to publish) and with every status empty (the first start after N ScheduledJobs
 * were applied: an {@code UpdateStatus} for each, the worst case). Args: [--status=current|empty]
 * [N ...], default both and 10000 100000.
 */
public final class RestoreBenchmark {

  private RestoreBenchmark() {}

  /**
   * The ScheduledJobs' schedule: never due during the benchmark, so restoring is all that happens.
   */
  private static final String SCHEDULE = "0 0 29 2 *";

  public static void main(String[] args) throws Exception {
    System.out.println(BenchBroker.jitSetting());
    List<String> statuses =
        List.of(args).stream()
            .filter(a -> a.startsWith("--status="))
            .map(a -> a.substring("--status=".length()))
            .toList();
    List<Integer> sizes =
        List.of(args).stream().filter(a -> !a.startsWith("--")).map(Integer::parseInt).toList();
    for (int size : sizes.isEmpty() ? List.of(10_000, 100_000) : sizes) {
      for (String status : statuses.isEmpty() ? List.of("current", "empty") : statuses) {
        measure(size, status.equals("current"));
      }
    }
    System.exit(0); // the broker's and Quartz's non-daemon threads
  }

  /**
   * The status a scheduler leaves once it has decided for the ScheduledJob: ready, its generation
   * observed and its next run written, so that deciding again changes nothing.
   */
  private static void setStatusAsSchedulerWroteIt(ScheduledJob job) {
    ScheduledJobStatus status = job.getStatus();
    status.setObservedGeneration(job.getMetadata().getGeneration());
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Scheduled")
                .withMessage("The schedule is valid")
                .withObservedGeneration(job.getMetadata().getGeneration())
                .build()));
    try {
      status.setNextScheduleTime(
          KubeTimes.format(Schedule.parse(SCHEDULE, null).next(Instant.now()).orElseThrow()));
    } catch (ScheduleException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Heap in use once garbage is collected; System.gc() is a full collection on the JDK's
   * collectors.
   */
  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void measure(int size, boolean statusCurrent) throws Exception {
    try (BenchBroker broker = new BenchBroker();
        StateTopic states = broker.states()) {
      Instant created = Instant.now().minus(Duration.ofDays(1));
      List<ScheduledJob> jobs =
          IntStream.range(0, size)
              .mapToObj(i -> StateTopic.scheduledJob("sj-" + i, SCHEDULE, created))
              .toList();
      // A template as teams write them (probes, resources, volumes, environment): most of a
      // ScheduledJob's bytes on the topic.
      jobs.forEach(
          job ->
              job.getSpec()
                  .setJobTemplate(
                      TeamJobTemplate.of(
                          job.getMetadata().getName(), "registry.example.com/team/report:1.4.2")));
      if (statusCurrent) {
        jobs.forEach(RestoreBenchmark::setStatusAsSchedulerWroteIt);
      }
      states.putAll(jobs);
      long heapBefore = usedHeapAfterGc();
      long started = System.nanoTime();
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      try (SchedulerService scheduler = broker.scheduler(meters)) {
        scheduler.start();
        BenchBroker.awaitTrue(
            () -> scheduler.health().livePartitions().size() == BenchBroker.PARTITIONS,
            Duration.ofMinutes(10));
        long wall = System.nanoTime() - started;
        long cpu = BenchBroker.schedulerCpuNanos();
        List<PartitionRestore> restores = scheduler.restores();
        System.out.printf(
            "%,d ScheduledJobs in cronlog.state (%d partitions), every status %s:%n",
            size, BenchBroker.PARTITIONS, statusCurrent ? "current" : "empty");
        for (PartitionRestore r : restores) {
          System.out.printf(
              "  partition %d: read %,d state records in %,d ms, %,d recent commands in %,d ms; "
                  + "first decisions for %,d ScheduledJobs in %,d ms%n",
              r.partition(),
              r.stateRecords(),
              r.stateTook().toMillis(),
              r.commandRecords(),
              r.commandsTook().toMillis(),
              r.scheduledJobs(),
              r.firstDecisionsTook().toMillis());
        }
        long slowest = restores.stream().mapToLong(r -> r.took().toMillis()).max().orElse(0);
        System.out.printf(
            "  slowest partition read in %,d ms; start to every partition live and decided %,d ms;"
                + " CPU of the scheduler's threads %,d ms%n",
            slowest, wall / 1_000_000, cpu / 1_000_000);
        System.out.printf(
            "  commands published by the first decisions: %,.0f%n",
            meters.find("cronlog.scheduler.commands.published").counters().stream()
                .mapToDouble(Counter::count)
                .sum());
        long heapLive = usedHeapAfterGc();
        System.out.printf(
            "  heap used after GC: %,d MB before the scheduler, %,d MB with every partition live:"
                + " %,d bytes per ScheduledJob (max heap %,d MB)%n",
            heapBefore >> 20,
            heapLive >> 20,
            (heapLive - heapBefore) / size,
            Runtime.getRuntime().maxMemory() >> 20);
      }
    }
  }
}
