package io.cronlog.watcher.lead;

/**
 * This term's leadership is over: the lease was not surely held any more when a transaction was to
 * commit, or leadership was given up. Nothing more is published in the term; what was not committed
 * is left to the next leader.
 *
 * <p>Checked on purpose: every call that may find leadership lost says so in its signature, the
 * catches meant for failures ({@code KafkaException}, {@code RuntimeException}) cannot take it for
 * one, and it is never mistaken for an interrupt (it used to travel as an InterruptedException).
 */
public final class LeaseLost extends Exception {

  public LeaseLost(String message) {
    super(message);
  }
}
