package io.cronlog.watcher.observe;

import io.cronlog.runtime.errors.Backoff;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A term's informers and the queue they feed. After an overflow (see {@link ClusterObserver}) both
 * are replaced: a new queue, and new informers that list the cluster again on a thread of their own
 * while the publisher goes on draining. Whatever the old informers still queue goes to the old
 * queue, which nobody reads, so nothing older can follow what the new list yields.
 *
 * <p>Concurrency: {@link #listAgain()} is called by the publishing thread only; {@link #close()}
 * may come from any thread at any time.
 */
public final class Observing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Observing.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final int queueCapacity;
  private final Duration queueFullTimeout;
  private final Clock clock;
  private volatile BlockingQueue<Observation> queue;
  private volatile ClusterObserver observer;
  private volatile boolean closed;

  public Observing(
      KubernetesClient client,
      Set<String> namespaces,
      int queueCapacity,
      Duration queueFullTimeout,
      Clock clock) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.queueCapacity = queueCapacity;
    this.queueFullTimeout = queueFullTimeout;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.observer = newObserver();
  }

  /** Starts the first informers on the calling thread; returns once they listed. */
  public void start() throws InterruptedException {
    observer.start();
  }

  /** The queue the current informers feed. */
  public BlockingQueue<Observation> queue() {
    return queue;
  }

  /** True once the current informers stopped queueing: list again after publishing the queue. */
  public boolean overflowed() {
    return observer.overflowed();
  }

  /** Replaces the informers, and their queue, by new ones that list the cluster again. */
  public void listAgain() {
    observer.close();
    queue = new ArrayBlockingQueue<>(queueCapacity);
    ClusterObserver next = newObserver();
    observer = next;
    if (closed) {
      next.close(); // close() may have closed the previous informers only
      return;
    }
    Thread lister = new Thread(() -> listUntilStarted(next), "cronlog-watcher-list");
    lister.setDaemon(true);
    lister.start();
  }

  /** Stops the informers, from any thread; idempotent. */
  @Override
  public void close() {
    closed = true;
    observer.close();
  }

  /** Starts {@code next}, retrying with backoff while the API is unreachable. */
  private void listUntilStarted(ClusterObserver next) {
    Backoff.Waits backoff = new Backoff(Duration.ofMillis(500), MAX_BACKOFF).waits();
    while (!closed && observer == next) {
      try {
        next.start();
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn(
            "Listing the cluster failed, retrying in {} ms: {}",
            backoff.next().toMillis(),
            e.toString());
        next.close();
        try {
          backoff.sleep();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        next = newObserver();
        observer = next;
      }
    }
  }

  private ClusterObserver newObserver() {
    return new ClusterObserver(client, namespaces, queue, queueFullTimeout, clock);
  }
}
