package io.cronlog.api;

/** What to do when a run is due while an earlier run is still active, as in batch/v1. */
public enum ConcurrencyPolicy {
  /** Start the new run beside the active ones. */
  Allow,
  /** Skip the new run while any run is active. */
  Forbid,
  /** Delete the active runs, then start the new one. */
  Replace
}
