package io.cronlog.executor.act;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A Job creation that a test holds under way, for bookkeeping to yield to, until it ends it. */
final class HeldCreation {

  /** What the held creation returns once ended. */
  static final String REPORT = "report-28512345";

  private final CountDownLatch mayEnd = new CountDownLatch(1);
  private final CompletableFuture<String> creation;

  /** Starts a creation counted by {@code creations}; returns once it is under way. */
  HeldCreation(JobCreations creations) throws InterruptedException {
    CountDownLatch underWay = new CountDownLatch(1);
    creation =
        CompletableFuture.supplyAsync(
            () ->
                creations.during(
                    () -> {
                      underWay.countDown();
                      try {
                        mayEnd.await(10, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return REPORT;
                    }));
    if (!underWay.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the held Job creation did not start");
    }
  }

  /** The creation, done once it has ended. */
  CompletableFuture<String> creation() {
    return creation;
  }

  /** Lets the creation end. */
  void end() {
    mayEnd.countDown();
  }
}
