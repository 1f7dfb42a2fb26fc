package io.cronlog.executor.act;

import io.cronlog.records.CommandOutcome.Result;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * What acting on one command came to: the outcome's result and detail, the Job it concerns, and for
 * a failure whether trying again may help (and how long the server asked us to wait).
 *
 * <p>An action whose effect is done but whose bookkeeping is not (a Job created, its status write
 * and Event queued behind Job creations) is {@linkplain #pending pending}: {@link #finishing}
 * completes with the result the outcome records.
 *
 * @param finishing null when this is the final result
 */
public record ActionResult(
    Result result,
    String detail,
    boolean retryable,
    Duration retryAfter,
    String jobName,
    String jobUid,
    CompletableFuture<ActionResult> finishing) {

  public ActionResult {
    Objects.requireNonNull(result, "result");
    retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
    if (retryable && result != Result.FAILED) {
      throw new IllegalArgumentException("only a failure can be retried, not " + result);
    }
    if (retryable && finishing != null) {
      throw new IllegalArgumentException("a pending result is no failure to retry");
    }
  }

  public ActionResult(
      Result result,
      String detail,
      boolean retryable,
      Duration retryAfter,
      String jobName,
      String jobUid) {
    this(result, detail, retryable, retryAfter, jobName, jobUid, null);
  }

  public static ActionResult of(Result result, String detail) {
    return new ActionResult(result, detail, false, Duration.ZERO, null, null);
  }

  /**
   * {@code soFar}, with the rest of the work under way: {@code finishing} completes with the final
   * result, never exceptionally for an API failure (that is a failed result).
   */
  public static ActionResult pending(
      ActionResult soFar, CompletableFuture<ActionResult> finishing) {
    return new ActionResult(
        soFar.result,
        soFar.detail,
        false,
        Duration.ZERO,
        soFar.jobName,
        soFar.jobUid,
        Objects.requireNonNull(finishing, "finishing"));
  }

  public boolean pending() {
    return finishing != null;
  }

  /** The final result, waiting for it if it is still pending. */
  public ActionResult settled() {
    return finishing == null ? this : finishing.join().settled();
  }

  /** {@code change} applied to the final result, now or when it comes. */
  public ActionResult then(UnaryOperator<ActionResult> change) {
    return finishing == null
        ? change.apply(this)
        : pending(change.apply(this), finishing.thenApply(done -> done.then(change)));
  }

  /**
   * The same result, naming the Job it concerns ({@code uid} null when the executor did not see
   * it).
   */
  public ActionResult aboutJob(String name, String uid) {
    return new ActionResult(result, detail, retryable, retryAfter, name, uid, finishing);
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
