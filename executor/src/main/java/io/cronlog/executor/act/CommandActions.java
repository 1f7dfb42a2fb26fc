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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out any command against the Kubernetes API and says what came of it. API errors are
 * classified here, where they are caught: transient ones are marked for another attempt.
 */
public final class CommandActions implements CommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CommandActions.class);

  private final CreateJobAction create;
  private final DeleteJobAction delete;
  private final UpdateStatusAction updateStatus;
  private final RecordEventAction recordEvent;
  private final KubernetesClient kube;
  private final EventRecorder events;

  private CommandActions(KubernetesClient kube, Clock clock, Duration maxClockSkew) {
    this.kube = kube;
    this.events = new EventRecorder(kube, clock);
    StatusWriter status = new StatusWriter(kube);
    AllowedSkew skew = new AllowedSkew(clock, maxClockSkew);
    this.create = new CreateJobAction(kube, new ScheduleFireTimeCheck(skew), status, events, skew);
    this.delete = new DeleteJobAction(kube, status, events, new DeletionRules(skew));
    this.updateStatus = new UpdateStatusAction(kube, status, skew);
    this.recordEvent = new RecordEventAction(kube, events);
  }

  /**
   * The actions on one client; a time in a command may lie up to {@code maxClockSkew} ahead of
   * {@code clock}, and no further.
   */
  public static CommandActions on(KubernetesClient kube, Clock clock, Duration maxClockSkew) {
    return new CommandActions(kube, clock, maxClockSkew);
  }

  /** Acts on {@code command}; a refusal also leaves a Warning on the ScheduledJob, if it lives. */
  @Override
  public ActionResult act(CommandRecord command) {
    ActionResult result = attempt(command);
    if (result.result() == Result.REFUSED) {
      warnRefused(command, result.detail());
    }
    return result;
  }

  private ActionResult attempt(CommandRecord command) {
    try {
      return dispatch(command);
    } catch (KubernetesClientException e) {
      ActionResult failure = ApiErrors.failure(command.getClass().getSimpleName(), e);
      LOG.warn("{}/{}: {} {}: {}", command.target().namespace(), command.target().name(),
          command.getClass().getSimpleName(), command.id(), failure.detail());
      return failure;
    } catch (RuntimeException e) {
      // A defect, or an object we cannot read: trying again would fail the same way.
      LOG.error("{}/{}: {} {} failed unexpectedly", command.target().namespace(), command.target().name(),
          command.getClass().getSimpleName(), command.id(), e);
      return ActionResult.permanentFailure("unexpected error: " + e);
    }
  }

  /**
   * A refused command is either a race the scheduler will see past (a ScheduledJob suspended or
   * deleted meanwhile) or one cronlog did not decide; either way its owner should be able to see
   * it in {@code kubectl describe}. An Event goes only to a live ScheduledJob with the command's
   * uid: a forged target must not choose where Events appear.
   */
  private void warnRefused(CommandRecord command, String why) {
    ScheduledJobRef target = command.target();
    try {
      if (LiveTarget.mismatch(LiveTarget.get(kube, target), target).isEmpty()) {
        events.recordQuietly(target, command.id() + "/CommandRefused", EventType.Warning, "CommandRefused",
            "Refused " + command.getClass().getSimpleName() + ": " + why);
      }
    } catch (KubernetesClientException e) {
      LOG.warn("{}/{}: could not record the refusal of {}: {}", target.namespace(), target.name(), command.id(),
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
