package io.cronlog.executor.consume;

import io.cronlog.executor.act.ActionResult;
import io.cronlog.executor.act.CommandHandler;
import io.cronlog.executor.config.RetryPolicy;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one record of {@code cronlog.commands}: read it (or dead-letter it), act on it,
 * write its outcome, and say whether and when to try again.
 */
public final class CommandProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

  private final RecordCodec codec;
  private final CommandHandler actions;
  private final OutcomeWriter outcomes;
  private final RetryPolicy retry;
  private final Clock clock;
  private final DoubleSupplier random;
  private final CommandMetrics metrics;
  private final InFlight inFlight = new InFlight();

  /**
   * @param random numbers in [0, 1) for the retry jitter
   */
  public CommandProcessor(
      RecordCodec codec,
      CommandHandler actions,
      OutcomeWriter outcomes,
      RetryPolicy retry,
      Clock clock,
      DoubleSupplier random,
      CommandMetrics metrics) {
    this.codec = codec;
    this.actions = actions;
    this.outcomes = outcomes;
    this.retry = retry;
    this.clock = clock;
    this.random = random;
    this.metrics = metrics;
  }

  /**
   * Attempts {@code record} once more, unless it must wait for this executor's clock.
   *
   * @param tries what it has been through
   * @return empty when done with the record, or when to come back to it
   */
  Optional<Later> process(ConsumerRecord<String, byte[]> record, Tries tries) {
    CommandRecord command = read(record);
    if (command == null) {
      return Optional.empty();
    }
    metrics.received(command);
    Optional<Instant> notBefore = actions.notBefore(command);
    if (notBefore.isPresent()) {
      return Optional.of(hold(record.key(), command, tries, notBefore.get()));
    }
    Optional<Instant> due = actions.dueAt(command);
    if (due.isPresent()) {
      // A run waiting for its time lets its ScheduledJob's later commands go on (they are
      // judged against the live objects anyway); a deletion holds them, so that the run a
      // Replace makes way for never starts before the old Job goes.
      return Optional.of(new Later(due.get(), tries, command instanceof CreateJob));
    }
    ActionResult result = actions.start(command);
    Instant actedAt = clock.instant();
    if (!result.pending()) {
      return conclude(record, command, tries, result, actedAt);
    }
    // The effect is done (a Job created); the worker goes on while the bookkeeping finishes, and
    // the offset waits for it. A failure then comes back to the poll loop to be parked.
    inFlight.begin(record);
    result
        .finishing()
        .whenComplete(
            (done, abandoned) -> {
              if (abandoned != null) {
                // The executor stopped first. The Job exists, so the trail says so; the command
                // stays in
                // flight, uncommitted, and its next owner adopts the Job and records it.
                conclude(
                    record,
                    command,
                    tries,
                    new ActionResult(
                        result.result(),
                        result.detail()
                            + "; its status and"
                            + " Event are left to the command's next owner (this executor stopped first)",
                        false,
                        null,
                        result.jobName(),
                        result.jobUid()),
                    actedAt);
                return;
              }
              Optional<Later> later = conclude(record, command, tries, done, actedAt);
              if (later.isPresent()) {
                inFlight.tryAgain(record, new Later(later.get().due(), later.get().tries(), true));
              } else {
                inFlight.end(record);
              }
            });
    return Optional.empty();
  }

  /**
   * Writes the outcome of the attempt that had {@code result}, acted on at {@code actedAt}, and
   * says when to try again, if at all.
   */
  private Optional<Later> conclude(
      ConsumerRecord<String, byte[]> record,
      CommandRecord command,
      Tries tries,
      ActionResult result,
      Instant actedAt) {
    int attempts = tries.failures() + 1;
    boolean again = result.retryable() && retry.allowsAnotherAttempt(attempts);
    String detail =
        result.retryable() ? "attempt " + attempts + ": " + result.detail() : result.detail();
    // The outcome's time is when the command took effect (a Job's creation), not when its
    // bookkeeping was done: the audit measures a run's lateness by it when it has not seen the Job.
    outcomes.outcome(
        CommandOutcome.of(command, attempts, result.result(), detail, again, actedAt)
            .withJob(result.jobName(), result.jobUid()));
    metrics.acted(command, result.result(), actedAt);
    String key = record.key();
    switch (result.result()) {
      case REFUSED ->
          LOG.warn(
              "{}: refused {} {}: {}",
              key,
              command.getClass().getSimpleName(),
              command.id(),
              detail);
      case FAILED ->
          LOG.warn(
              "{}: {} {} failed{}: {}",
              key,
              command.getClass().getSimpleName(),
              command.id(),
              again ? ", will retry" : ", giving up",
              detail);
      default ->
          LOG.debug(
              "{}: {} {} -> {}: {}",
              key,
              command.getClass().getSimpleName(),
              command.id(),
              result.result(),
              detail);
    }
    if (!again) {
      return Optional.empty();
    }
    return Optional.of(
        new Later(
            clock.instant().plus(retry.delayAfter(attempts, result.retryAfter(), random)),
            tries.failedOnce()));
  }

  /**
   * A command stamped by a clock ahead of ours waits, with its ScheduledJob's later ones, and
   * without an outcome: it was not attempted. Its owner hears of it once, not at every look.
   */
  private Later hold(String key, CommandRecord command, Tries tries, Instant until) {
    boolean first = !tries.heldForSkew();
    metrics.held(command, until, first);
    if (first) {
      LOG.warn(
          "{}: {} {} waits until {} for this executor's clock: a time in it lies further ahead than the"
              + " allowed clock skew (stamped {})",
          key,
          command.getClass().getSimpleName(),
          command.id(),
          until,
          command.time());
      actions.held(command, until);
    }
    return new Later(until, tries.held());
  }

  /** The commands whose bookkeeping is under way; the poll loop commits behind them. */
  InFlight inFlight() {
    return inFlight;
  }

  /** The command in {@code record}, or null after sending the record to the dead-letter topic. */
  private CommandRecord read(ConsumerRecord<String, byte[]> record) {
    String reason;
    try {
      CommandRecord command = codec.decode(record.value(), CommandRecord.class);
      String target = command.target().key().toString();
      if (target.equals(record.key())) {
        return command;
      }
      // Keys pick partitions; a command under another key may overtake that ScheduledJob's others.
      reason = "record key '" + record.key() + "' is not the command's target " + target;
    } catch (MalformedRecordException e) {
      reason = e.getMessage();
    } catch (RuntimeException e) {
      reason = "unreadable: " + e;
    }
    LOG.warn(
        "{}: record {}-{}@{} goes to the dead-letter topic: {}",
        record.key(),
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
    metrics.deadLettered();
    outcomes.deadLetter(DeadLetter.of(record, reason, clock.instant()));
    return null;
  }
}
