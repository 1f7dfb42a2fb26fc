package io.cronlog.records.rules;

import io.cronlog.api.ConcurrencyPolicy;

/**
 * The {@code concurrencyPolicy} rule: what a run that is due must do about the runs already
 * running. The scheduler decides by it, the executor checks it again on the live Jobs just before
 * it creates one, and it also says when a running Job may be deleted.
 */
public final class Concurrency {

  private Concurrency() {}

  /** What a due run does. */
  public enum Verdict {
    /** Start it; nothing runs, or the policy is Allow. */
    START,
    /** Do not start it: another run is active and the policy is Forbid. */
    SKIP,
    /** Delete the active runs first, then start it: the policy is Replace. */
    REPLACE
  }

  /** The verdict for a due run under {@code policy}, when {@code anotherRunning}. */
  public static Verdict verdict(ConcurrencyPolicy policy, boolean anotherRunning) {
    if (!anotherRunning || policy == ConcurrencyPolicy.Allow) {
      return Verdict.START;
    }
    return policy == ConcurrencyPolicy.Forbid ? Verdict.SKIP : Verdict.REPLACE;
  }

  /** Whether a running Job of this policy makes way for a newer run. */
  public static boolean newerRunReplaces(ConcurrencyPolicy policy) {
    return policy == ConcurrencyPolicy.Replace;
  }
}
