package io.cronlog.executor.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.executor.MockApi;
import io.cronlog.executor.act.ScheduledJobCache;
import io.cronlog.testsupport.TeamJobTemplate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the executor's ScheduledJob cache costs in heap: N ScheduledJobs with a realistic template
 * in the dev API, the heap in use (after a full GC) before the cache starts and once it is in sync.
 * Prints figures; asserts nothing. Argument: N (default 10000).
 */
public final class CacheMemoryBenchmark {

  private CacheMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    try (DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      MockApi.installCrd(client);
      ExecutorService threads = Executors.newFixedThreadPool(8);
      for (int i = 0; i < count; i++) {
        int n = i;
        threads.execute(
            () -> client.resource(scheduledJob("team-" + n % 50, "report-" + n)).create());
      }
      threads.shutdown();
      threads.awaitTermination(1, TimeUnit.HOURS);
      long before = usedAfterGc();
      try (ScheduledJobCache cache = ScheduledJobCache.watching(client)) {
        long start = System.nanoTime();
        while (!cache.synced()) {
          TimeUnit.MILLISECONDS.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedAfterGc();
        System.out.printf(
            "%d ScheduledJobs: cache in sync in %.1f s, %.1f MB of heap, %.1f KB each%n",
            count, seconds, (after - before) / 1e6, (after - before) / 1e3 / count);
      }
    }
  }

  private static ScheduledJob scheduledJob(String namespace, String name) {
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("*/5 * * * *");
    spec.setTimeZone("Europe/Berlin");
    spec.setJobTemplate(TeamJobTemplate.of(name, "registry.example.com/team/report:1.4.2"));
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(TeamJobTemplate.labels(name))
            .build());
    sj.setSpec(spec);
    return sj;
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
