package io.cronlog.executor.act;

import io.cronlog.records.CommandRecord;
import java.time.Instant;
import java.util.Optional;

/** Acts on a command and says what came of it; never throws for an API failure. */
public interface CommandHandler extends AutoCloseable {

  /**
   * Acts on {@code command}, returning as soon as its effect is done: a result may be {@linkplain
   * ActionResult#pending pending} while its bookkeeping (a status write, an Event) is under way.
   */
  ActionResult start(CommandRecord command);

  /** Acts on {@code command} and waits for its final result. */
  default ActionResult act(CommandRecord command) {
    return start(command).settled();
  }

  /**
   * When {@code command} may be judged, if not now: a time in it lies further ahead of this
   * executor's clock than the allowed clock skew, so the clock that stamped it runs ahead of ours.
   * Asked before every attempt; until then the command waits, and is no attempt.
   */
  default Optional<Instant> notBefore(CommandRecord command) {
    return Optional.empty();
  }

  /**
   * When {@code command}'s moment comes by this executor's clock, if it has not yet: no scheduled
   * run starts before its time, and no Replace deletion before the newer run is due, so a scheduler
   * whose clock runs a little ahead never acts early. Asked once {@link #notBefore} has nothing
   * against it; such a wait is within the allowed skew, and quiet.
   */
  default Optional<Instant> dueAt(CommandRecord command) {
    return Optional.empty();
  }

  /**
   * Tells the command's owner that it waits until {@code until}; called once per command and
   * delivery.
   */
  default void held(CommandRecord command, Instant until) {}

  /**
   * Whether the handler is ready for commands; the executor starts consuming once it is, or once it
   * has waited its longest. Until then a command would cost more than it will later: cronlog's
   * actions are ready once their ScheduledJob cache has its first list (or could not get it).
   */
  default boolean ready() {
    return true;
  }

  /** Stops whatever the handler runs in the background. */
  @Override
  default void close() {}
}
