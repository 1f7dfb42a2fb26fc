package io.cronlog.executor.act;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.UpdateStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
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

  public CommandActions(CreateJobAction create, DeleteJobAction delete, UpdateStatusAction updateStatus,
      RecordEventAction recordEvent) {
    this.create = create;
    this.delete = delete;
    this.updateStatus = updateStatus;
    this.recordEvent = recordEvent;
  }

  /** The actions on one client, checking fire times with {@code fireTimes}. */
  public static CommandActions on(KubernetesClient kube, FireTimeCheck fireTimes, Clock clock) {
    StatusWriter status = new StatusWriter(kube);
    EventRecorder events = new EventRecorder(kube, clock);
    return new CommandActions(new CreateJobAction(kube, fireTimes, status, events),
        new DeleteJobAction(kube, status, events), new UpdateStatusAction(kube, status, clock),
        new RecordEventAction(events));
  }

  /** Acts on {@code command}. */
  @Override
  public ActionResult act(CommandRecord command) {
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
