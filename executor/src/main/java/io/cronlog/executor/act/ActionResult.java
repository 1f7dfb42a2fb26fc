package io.cronlog.executor.act;

import io.cronlog.records.CommandOutcome.Result;
import java.time.Duration;
import java.util.Objects;

/**
 * What acting on one command came to: the outcome's result and detail, the Job it concerns, and
 * for a failure whether trying again may help (and how long the server asked us to wait).
 */
public record ActionResult(Result result, String detail, boolean retryable, Duration retryAfter, String jobName,
    String jobUid) {

  public ActionResult {
    Objects.requireNonNull(result, "result");
    retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
    if (retryable && result != Result.FAILED) {
      throw new IllegalArgumentException("only a failure can be retried, not " + result);
    }
  }

  public static ActionResult of(Result result, String detail) {
    return new ActionResult(result, detail, false, Duration.ZERO, null, null);
  }

  /** The same result, naming the Job it concerns ({@code uid} null when the executor did not see it). */
  public ActionResult aboutJob(String name, String uid) {
    return new ActionResult(result, detail, retryable, retryAfter, name, uid);
  }

  public static ActionResult refused(String why) {
    return of(Result.REFUSED, why);
  }

  /** A failure that another attempt may overcome. */
  public static ActionResult transientFailure(String detail, Duration retryAfter) {
    return new ActionResult(Result.FAILED, detail, true, retryAfter, null, null);
  }

  /** A failure that no further attempt can overcome. */
  public static ActionResult permanentFailure(String detail) {
    return new ActionResult(Result.FAILED, detail, false, Duration.ZERO, null, null);
  }
}
