package io.cronlog.scheduler.state;

import io.cronlog.records.CommandRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * Which commands found on {@code cronlog.commands} at restore another scheduler could have
 * published by now, its clock running up to {@code maxClockSkew} ahead of ours: the same bound the
 * executor allows (CRONLOG_MAX_CLOCK_SKEW), so that a peer the executor serves is not taken for a
 * forger here. A command outside it is not remembered, lest it hold back a due run.
 */
public record PeerClocks(Duration maxClockSkew) {

  /**
   * @param scheduledTime the time of the scheduled run {@code command} starts, else null
   */
  public boolean couldHavePublished(CommandRecord command, Instant scheduledTime, Instant now) {
    return !command.time().isAfter(now.plus(maxClockSkew))
        && (scheduledTime == null || !scheduledTime.isAfter(command.time()));
  }
}
