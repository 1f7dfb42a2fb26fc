package io.cronlog.watcher.lead;

import java.util.function.BooleanSupplier;

/**
 * Whether one term may still publish: its leadership was not given up, and the lease is surely
 * held. Once lost it stays lost; a new term starts with a new one. Thread safe.
 */
public final class Leadership {

  private final BooleanSupplier holdsLease;

  /** Set from any thread: by giveUp(), or by a check that found the lease not surely held. */
  private volatile boolean lost;

  /**
   * @param holdsLease whether the lease is surely held now ({@link LeaseElection#holdsLease()})
   */
  public Leadership(BooleanSupplier holdsLease) {
    this.holdsLease = holdsLease;
  }

  /** Leadership ends, from any thread: nothing more is published in this term. */
  public void giveUp() {
    lost = true;
  }

  /** True once given up, or once a check found the lease not surely held. */
  public boolean isLost() {
    return lost;
  }

  /**
   * Returns while this term may publish; throws otherwise, and from then on. Asked before every
   * transaction: a leader that cannot renew stops before any other candidate may take the lease.
   */
  public void check() throws LeaseLost {
    if (lost) {
      throw new LeaseLost("leadership was given up");
    }
    if (!holdsLease.getAsBoolean()) {
      lost = true;
      throw new LeaseLost("the lease was not renewed within its renew deadline");
    }
  }
}
