package io.cronlog.executor.bench;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * When each Job appeared in the API, as a watch sees it: a burst's Jobs are timed by their arrival,
 * apart from the status writes and Events that follow them.
 */
final class JobArrivals implements AutoCloseable {

  private final List<Long> nanos = new ArrayList<>();
  private final Watch watch;

  /** How many Jobs {@link #secondsAt} waits for; guarded by {@code this}. */
  private int awaited = Integer.MAX_VALUE;

  private JobArrivals(KubernetesClient client, String namespace) {
    this.watch =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED) {
                      arrived(System.nanoTime());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // the burst is over
                  }
                });
  }

  static JobArrivals watch(KubernetesClient client, String namespace) {
    return new JobArrivals(client, namespace);
  }

  private synchronized void arrived(long at) {
    nanos.add(at);
    // Only the last awaited arrival wakes the waiter: one wake-up per Job would cost the measured
    // phase a thousand context switches a second on its two cores.
    if (nanos.size() >= awaited) {
      notifyAll();
    }
  }

  /**
   * Waits for {@code count} Jobs and returns, in seconds from {@code startNanos}, when the Job at
   * each of the given quantiles arrived (1.0: the last).
   */
  synchronized double[] secondsAt(int count, long startNanos, Duration timeout, double... quantiles)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaited = count;
    while (nanos.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            "only " + nanos.size() + " of " + count + " Jobs within " + timeout);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    double[] seconds = new double[quantiles.length];
    for (int i = 0; i < quantiles.length; i++) {
      int index = Math.max(0, (int) Math.ceil(quantiles[i] * count) - 1);
      seconds[i] = (nanos.get(index) - startNanos) / 1e9;
    }
    return seconds;
  }

  @Override
  public void close() {
    watch.close();
  }
}
