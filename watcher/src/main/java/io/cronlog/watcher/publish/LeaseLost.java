package io.cronlog.watcher.publish;

/**
 * The lease was no longer surely held when a transaction was about to commit, or leadership was
 * given up: the transaction was aborted and this publisher publishes nothing more.
 */
public final class LeaseLost extends RuntimeException {

  public LeaseLost(String message) {
    super(message);
  }
}
