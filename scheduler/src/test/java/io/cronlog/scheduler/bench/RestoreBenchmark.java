package io.cronlog.scheduler.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.scheduler.SchedulerService;
import io.cronlog.scheduler.StateTopic;
import io.cronlog.scheduler.state.PartitionRestore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Restore time of a scheduler assigned every partition of a {@code cronlog.state} holding N
 * ScheduledJobs (synthetic records produced straight to the in-process broker): per partition, the
 * state read to its end and then the commands' tail, and the wall time from start until every
 * partition is live; and the heap the scheduler holds per ScheduledJob (used heap after a full GC,
 * with every partition live, minus the same before the scheduler started: broker and test producer
 * are in both). Prints figures; asserts nothing. Args: [N ...], default 10000 100000.
 */
public final class RestoreBenchmark {

  private RestoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        args.length == 0
            ? List.of(10_000, 100_000)
            : List.of(args).stream().map(Integer::parseInt).toList();
    for (int size : sizes) {
      measure(size);
    }
    System.exit(0); // the broker's and Quartz's non-daemon threads
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

  private static void measure(int size) throws Exception {
    try (BenchBroker broker = new BenchBroker();
        StateTopic states = broker.states()) {
      // A schedule that is never due during the benchmark, so restoring is all that happens.
      Instant created = Instant.now().minus(Duration.ofDays(1));
      List<ScheduledJob> jobs =
          IntStream.range(0, size)
              .mapToObj(i -> StateTopic.scheduledJob("sj-" + i, "0 0 29 2 *", created))
              .toList();
      states.putAll(jobs);
      long heapBefore = usedHeapAfterGc();
      long started = System.nanoTime();
      try (SchedulerService scheduler = broker.scheduler()) {
        scheduler.start();
        BenchBroker.awaitTrue(
            () -> scheduler.health().livePartitions().size() == BenchBroker.PARTITIONS,
            Duration.ofMinutes(10));
        long wall = System.nanoTime() - started;
        long cpu = BenchBroker.schedulerCpuNanos();
        List<PartitionRestore> restores = scheduler.restores();
        System.out.printf(
            "%,d ScheduledJobs in cronlog.state (%d partitions):%n", size, BenchBroker.PARTITIONS);
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
