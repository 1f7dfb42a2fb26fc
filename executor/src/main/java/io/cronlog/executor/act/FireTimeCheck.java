package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import java.time.Instant;
import java.util.Optional;

/** Decides whether a scheduled time is one the live ScheduledJob's schedule could have produced. */
public interface FireTimeCheck {

  /**
   * Why {@code scheduledTime} is not a fire time of {@code scheduledJob}'s schedule; empty when it
   * is.
   */
  Optional<String> refusal(ScheduledJob scheduledJob, Instant scheduledTime);
}
