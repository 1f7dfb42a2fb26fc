package io.cronlog.executor.act;

import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out any command against the Kubernetes API and says what came of it. API errors are
 * classified here, where they are caught: transient ones are marked for another attempt. A command
 * stamped by a clock ahead of ours waits for ours ({@link CommandTimes}).
 */
public final class CommandActions implements CommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CommandActions.class);

  /** Times further ahead of this executor's clock than this are refused, never waited for. */
  public static final Duration PLAUSIBLE_CLOCK_SKEW = AllowedSkew.PLAUSIBLE;

  /**
   * ScheduledJobs whose status is written at once; the writes yield to Job creations for the API's
   * budget.
   */
  private static final int STATUS_WRITERS = 4;

  private final CreateJobAction create;
  private final DeleteJobAction delete;
  private final UpdateStatusAction updateStatus;
  private final RecordEventAction recordEvent;
  private final KubernetesClient kube;
  private final ScheduledJobCache cache;
  private final StatusQueue status;
  private final EventRecorder events;
  private final CommandTimes times;
  private final Duration maxClockSkew;

  private CommandActions(
      KubernetesClient kube, ScheduledJobCache cache, Clock clock, Duration maxClockSkew) {
    this.kube = kube;
    this.cache = cache;
    JobCreations creations = new JobCreations();
    this.events = new EventRecorder(kube, clock, creations);
    this.status = new StatusQueue(new StatusWriter(kube), creations, STATUS_WRITERS);
    AllowedSkew skew = new AllowedSkew(clock, maxClockSkew);
    this.times = new CommandTimes(skew);
    this.maxClockSkew = maxClockSkew;
    this.create =
        new CreateJobAction(
            kube, cache, new ScheduleFireTimeCheck(), status, events, creations, skew);
    this.delete = new DeleteJobAction(kube, status, events, new DeletionRules(clock));
    this.updateStatus = new UpdateStatusAction(kube, cache, status, skew);
    this.recordEvent = new RecordEventAction(kube, events);
  }

  /**
   * The actions on one client, reading every ScheduledJob from the API; a command whose times lie
   * more than {@code maxClockSkew} ahead of {@code clock} waits until they do not.
   */
  public static CommandActions on(KubernetesClient kube, Clock clock, Duration maxClockSkew) {
    return new CommandActions(kube, ScheduledJobCache.NONE, clock, maxClockSkew);
  }

  /**
   * {@link #on}, with a run's ScheduledJob read from a cache that a watch keeps ({@link
   * ScheduledJobCache}), as the executor service runs them.
   */
  public static CommandActions watching(KubernetesClient kube, Clock clock, Duration maxClockSkew) {
    return new CommandActions(kube, ScheduledJobCache.watching(kube), clock, maxClockSkew);
  }

  /** {@link #on}, reading a run's ScheduledJob from {@code cache}. */
  static CommandActions on(
      KubernetesClient kube, ScheduledJobCache cache, Clock clock, Duration maxClockSkew) {
    return new CommandActions(kube, cache, clock, maxClockSkew);
  }

  /**
   * Starts acting on {@code command}; a refusal also leaves a Warning on the ScheduledJob, if it
   * lives.
   */
  @Override
  public ActionResult start(CommandRecord command) {
    ActionResult result = attempt(command);
    if (result.result() == Result.REFUSED) {
      warnRefused(command, result.detail());
    }
    return result;
  }

  /**
   * Ready once the ScheduledJob cache has its first list: before, each run would read its
   * ScheduledJob from the API, two calls where one will do, just when a new executor takes over a
   * backlog. The Kubernetes controller likewise waits for its informers' caches before it works.
   */
  @Override
  public boolean ready() {
    return cache.settled();
  }

  /** Stops the cache and the writers; what they had not written is the command's next owner's. */
  @Override
  public void close() {
    cache.close();
    status.close();
    events.close();
  }

  @Override
  public Optional<Instant> notBefore(CommandRecord command) {
    return times.notBefore(command);
  }

  @Override
  public Optional<Instant> dueAt(CommandRecord command) {
    return times.dueAt(command);
  }

  /**
   * A Warning {@code ClockSkew} on the ScheduledJob, once per command: its owner sees why the run
   * or status change is late, and what to fix.
   */
  @Override
  public void held(CommandRecord command, Instant until) {
    warn(
        command,
        "ClockSkew",
        command.getClass().getSimpleName()
            + " waits until "
            + until
            + " by this executor's clock: a time in it lies more than "
            + maxClockSkew
            + " (CRONLOG_MAX_CLOCK_SKEW)"
            + " ahead of that clock, so the clock of its writer (stamped "
            + command.time()
            + ") runs ahead of the"
            + " executor's. Check the clocks (NTP) of the scheduler and the executor");
  }

  private ActionResult attempt(CommandRecord command) {
    Optional<String> implausible = times.implausible(command);
    if (implausible.isPresent()) {
      return ActionResult.refused(implausible.get());
    }
    try {
      return dispatch(command);
    } catch (KubernetesClientException e) {
      ActionResult failure = ApiErrors.failure(command.getClass().getSimpleName(), e);
      LOG.warn(
          "{}/{}: {} {}: {}",
          command.target().namespace(),
          command.target().name(),
          command.getClass().getSimpleName(),
          command.id(),
          failure.detail());
      return failure;
    } catch (RuntimeException e) {
      // A defect, or an object we cannot read: trying again would fail the same way.
      LOG.error(
          "{}/{}: {} {} failed unexpectedly",
          command.target().namespace(),
          command.target().name(),
          command.getClass().getSimpleName(),
          command.id(),
          e);
      return ActionResult.permanentFailure("unexpected error: " + e);
    }
  }

  /**
   * A refused command is either a race the scheduler will see past (a ScheduledJob suspended or
   * deleted meanwhile) or one cronlog did not decide; either way its owner should be able to see it
   * in {@code kubectl describe}. An Event goes only to a live ScheduledJob with the command's uid:
   * a forged target must not choose where Events appear.
   */
  private void warnRefused(CommandRecord command, String why) {
    warn(command, "CommandRefused", "Refused " + command.getClass().getSimpleName() + ": " + why);
  }

  /** A Warning about {@code command}, once per command and reason. */
  private void warn(CommandRecord command, String reason, String message) {
    ScheduledJobRef target = command.target();
    try {
      if (LiveTarget.mismatch(LiveTarget.get(kube, target), target).isEmpty()) {
        events.recordQuietly(
            target, command.id() + "/" + reason, EventType.Warning, reason, message);
      }
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: could not record {} for {}: {}",
          target.namespace(),
          target.name(),
          reason,
          command.id(),
          e.getMessage());
    }
  }

  private ActionResult dispatch(CommandRecord command) {
    if (command instanceof CreateJob c) {
      return create.act(c);
    } else if (command instanceof DeleteJob d) {
      return delete.act(d);
    } else if (command instanceof UpdateStatus u) {
      return updateStatus.act(u);
    } else if (command instanceof RecordEvent e) {
      return recordEvent.act(e);
    }
    throw new IllegalArgumentException("unknown command type " + command.getClass().getName());
  }
}
