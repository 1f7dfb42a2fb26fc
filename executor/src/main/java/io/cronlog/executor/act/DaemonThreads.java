package io.cronlog.executor.act;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's thread pools: daemon threads, so that a pool a caller forgot to close never keeps
 * the process alive, named {@code <prefix>-<n>} so that a thread dump says whose they are.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  public static ExecutorService pool(String prefix, int threads) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
