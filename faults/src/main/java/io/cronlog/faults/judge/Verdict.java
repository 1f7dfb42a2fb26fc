package io.cronlog.faults.judge;

import java.time.Duration;
import java.time.Instant;

/**
 * What one scenario's window shows, from the audit and from the Jobs in the API.
 *
 * @param runsDue due runs the audit judged in the window
 * @param jobsCreated scheduled Jobs the API held for due times in the window
 * @param missedByTheRules runs the Kubernetes rules do not run (past the deadline, Forbid, ...),
 *     recorded so
 * @param silentMisses due runs with no Job and no reason the Kubernetes rules accept: the audit's
 *     "missed", or (where more) the due runs left once those with a Job and those missed by the
 *     rules are counted off, such as runs the executor refused for good
 * @param duplicates extra Jobs of one run: the audit's, or two Jobs in the API for one (uid, time)
 * @param forbidOverlaps Jobs of a Forbid ScheduledJob created while another of its Jobs was active
 * @param unexplained Jobs at a time that was not due or that no command asked for
 * @param otherFindings late, refused, failed or unreadable findings: reported, not violations
 * @param p99Lateness the 99th percentile of Job creation after the run's time, null without Jobs
 */
public record Verdict(
    String scenario,
    Instant from,
    Instant until,
    Duration took,
    int runsDue,
    int jobsCreated,
    int missedByTheRules,
    int silentMisses,
    int duplicates,
    int forbidOverlaps,
    int unexplained,
    String otherFindings,
    Duration p99Lateness) {

  /** Whether the window broke a promise: a silent miss, an extra run, or Forbid with two active. */
  public boolean violated() {
    return silentMisses > 0 || duplicates > 0 || forbidOverlaps > 0 || unexplained > 0;
  }
}
