package io.cronlog.scheduler.state;

import io.cronlog.records.KubeTimes;
import io.cronlog.records.ScheduledJobState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One ScheduledJob as this scheduler knows it: its latest state, the partition it came from, and
 * what this scheduler has already decided for it that the state does not reflect yet. Owned by the
 * decision thread of its key's shard.
 */
public final class KnownScheduledJob {

  /**
   * A started run that the state never confirms (the executor refused it) stops counting then. It
   * is kept by wall-clock lifetime, not until confirmed: this scheduler does not read outcomes, so
   * it cannot tell a refused run (which, kept, would hold off every later run under Forbid) from
   * one an executor has not reached yet. The extra commands a lag longer than this yields are
   * harmless: the executor judges each at the moment it acts (most recent due time only, within the
   * deadline, Forbid on the live Jobs), so they end as already done, superseded or missed.
   */
  public static final Duration PENDING_LIFETIME = Duration.ofMinutes(5);

  private static final int REMEMBERED_COMMANDS = 256;

  private ScheduledJobState state;
  private final int partition;

  /** Scheduled time of each run started here, with when it was started. */
  private final Map<Instant, Instant> pendingRuns = new LinkedHashMap<>();

  /** Ids of the commands published for this ScheduledJob, oldest first, bounded. */
  private final Map<String, Boolean> published =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_COMMANDS;
        }
      };

  /** When this ScheduledJob's Quartz trigger fires, if one is set and has not fired yet. */
  private Instant timerAt;

  public KnownScheduledJob(ScheduledJobState state, int partition) {
    this.state = state;
    this.partition = partition;
  }

  public ScheduledJobState state() {
    return state;
  }

  public int partition() {
    return partition;
  }

  /**
   * Takes a newer state; runs it now shows as started, or as missed (the executor found them past
   * their deadline: they will never start), stop being pending.
   */
  public void update(ScheduledJobState newer) {
    this.state = newer;
    Instant settled = settledUpTo();
    if (settled != null) {
      pendingRuns.keySet().removeIf(t -> !t.isAfter(settled));
    }
  }

  /**
   * Remembers a command found on {@code cronlog.commands} at restore: published by an earlier owner
   * at {@code publishedAt}. A run the state already shows as started is not pending.
   */
  public void restored(String commandId, Instant scheduledTime, Instant publishedAt) {
    published(commandId);
    Instant settled = settledUpTo();
    if (scheduledTime != null && (settled == null || scheduledTime.isAfter(settled))) {
      pendingRuns.merge(scheduledTime, publishedAt, (a, b) -> a.isBefore(b) ? a : b);
    }
  }

  /** Forgets a command whose publication failed, so that the next decision publishes it again. */
  public void unpublished(String commandId, Instant scheduledTime) {
    published.remove(commandId);
    if (scheduledTime != null) {
      pendingRuns.remove(scheduledTime);
    }
  }

  public Instant timerAt() {
    return timerAt;
  }

  public void timerAt(Instant at) {
    this.timerAt = at;
  }

  /**
   * The later of {@code lastScheduleTime} and {@code lastMissedTime}: no run up to it is on its
   * way.
   */
  private Instant settledUpTo() {
    var status = state.scheduledJob().getStatus();
    if (status == null) {
      return null;
    }
    Instant started = KubeTimes.parseOrNull(status.getLastScheduleTime());
    Instant missed = KubeTimes.parseOrNull(status.getLastMissedTime());
    if (started == null || missed == null) {
      return started != null ? started : missed;
    }
    return started.isAfter(missed) ? started : missed;
  }

  /** The runs started here and not yet confirmed, forgetting those older than their lifetime. */
  public Set<Instant> pendingRuns(Instant now) {
    pendingRuns.values().removeIf(startedAt -> startedAt.plus(PENDING_LIFETIME).isBefore(now));
    return new HashSet<>(pendingRuns.keySet());
  }

  public void runStarted(Instant scheduledTime, Instant now) {
    pendingRuns.put(scheduledTime, now);
  }

  /** True if a command with this id was published for this ScheduledJob recently. */
  public boolean alreadyPublished(String commandId) {
    return published.containsKey(commandId);
  }

  public void published(String commandId) {
    published.put(commandId, Boolean.TRUE);
  }
}
