package io.cronlog.executor.consume;

/**
 * What one command has been through before the attempt at hand: how many attempts failed, and
 * whether it already waited for this executor's clock (its owner was told once; a wait is no
 * attempt).
 */
record Tries(int failures, boolean heldForSkew) {

  static final Tries NONE = new Tries(0, false);

  Tries {
    if (failures < 0) {
      throw new IllegalArgumentException("failures must not be negative, was " + failures);
    }
  }

  Tries failedOnce() {
    return new Tries(failures + 1, heldForSkew);
  }

  Tries held() {
    return new Tries(failures, true);
  }
}
