package io.cronlog.devkube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the store's snapshot a moment after it changes, and once more on close: a burst of writes
 * (a Job created, its status, an Event) costs one snapshot, and a crash loses at most the last
 * moment's changes, which the services, relisting, take as having not happened.
 *
 * <p>Concurrency: {@link #changed()} is called by the store with its write lock held, so it only
 * schedules; the snapshot is taken and written on this writer's own thread.
 */
final class SnapshotWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
  static final Duration DELAY = Duration.ofMillis(500);

  private final Path file;
  private final Supplier<StoreSnapshot.Contents> contents;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "dev-api-snapshot");
            thread.setDaemon(true);
            return thread;
          });

  SnapshotWriter(Path file, Supplier<StoreSnapshot.Contents> contents) {
    this.file = file;
    this.contents = contents;
  }

  /** Something changed: a snapshot follows within {@link #DELAY}. */
  void changed() {
    if (scheduled.compareAndSet(false, true)) {
      executor.schedule(this::writeNow, DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void writeNow() {
    // Cleared first: a change from now on schedules the next snapshot, which will include it.
    scheduled.set(false);
    try {
      StoreSnapshot.write(file, contents.get());
    } catch (RuntimeException e) {
      // The API goes on serving; the next change tries again, and the log says why it failed.
      LOG.warn("could not save the dev API's objects to {}", file, e);
    }
  }

  /** Writes the last snapshot and stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the dev API's snapshot writer did not stop in 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeNow();
  }
}
