package io.cronlog.watcher.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.ScheduledJobKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Sends one write per ScheduledJob to the API from a pool of client threads, as fast as the API
 * answers, and notes when each completed: the API's raw rate for that burst, and the moments the
 * watcher's lag is measured from.
 */
final class ApiBurst {

  /**
   * The burst's first request was sent at {@code startNanos}; each key's write completed at {@code
   * completedAt} (System.nanoTime); {@code objects} are as the API returned them, in order.
   */
  record Result(long startNanos, Map<String, Long> completedAt, List<ScheduledJob> objects) {

    long lastCompletionNanos() {
      return completedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** The key of the write that completed last. */
    String lastKey() {
      return completedAt.entrySet().stream()
          .max(Map.Entry.comparingByValue())
          .orElseThrow()
          .getKey();
    }

    double seconds() {
      return (lastCompletionNanos() - startNanos) / 1e9;
    }

    double perSecond() {
      return objects.size() / seconds();
    }
  }

  private ApiBurst() {}

  /** Creates {@code objects}. */
  static Result create(KubernetesClient client, List<ScheduledJob> objects, int threads)
      throws InterruptedException {
    return run(objects, sj -> client.resource(sj).create(), threads);
  }

  /**
   * Updates each of {@code current} (as last returned by the API, so no conflict) to image build
   * {@code build}: one PUT each, a MODIFIED for the watcher.
   */
  static Result update(KubernetesClient client, List<ScheduledJob> current, long build, int threads)
      throws InterruptedException {
    return run(
        current, sj -> client.resource(BenchObjects.withImageBuild(sj, build)).update(), threads);
  }

  private static Result run(
      List<ScheduledJob> objects, UnaryOperator<ScheduledJob> write, int threads)
      throws InterruptedException {
    ScheduledJob[] written = new ScheduledJob[objects.size()];
    Map<String, Long> completedAt = new ConcurrentHashMap<>();
    List<Callable<Void>> requests = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      int index = i;
      requests.add(
          () -> {
            ScheduledJob result = write.apply(objects.get(index));
            completedAt.put(ScheduledJobKey.of(result).toString(), System.nanoTime());
            written[index] = result;
            return null;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      for (Future<Void> request : pool.invokeAll(requests)) {
        request.get();
      }
      return new Result(start, completedAt, Arrays.asList(written));
    } catch (ExecutionException e) {
      throw new IllegalStateException("a write to the API failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
