package io.cronlog.executor.act;

import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.RecordEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Records the scheduler's Event on the ScheduledJob, once however often the command arrives, and
 * only on a live ScheduledJob with the command's uid: an Event is written into the target's
 * namespace, which a command must not be able to choose freely.
 */
public final class RecordEventAction {

  private final KubernetesClient kube;
  private final EventRecorder events;

  RecordEventAction(KubernetesClient kube, EventRecorder events) {
    this.kube = kube;
    this.events = events;
  }

  /** Acts on {@code command}; API failures propagate. */
  public ActionResult act(RecordEvent command) {
    Optional<String> refusal =
        LiveTarget.mismatch(LiveTarget.get(kube, command.target()), command.target());
    if (refusal.isPresent()) {
      return ActionResult.refused(refusal.get());
    }
    boolean created =
        events.record(
            command.target(),
            command.id(),
            command.eventType(),
            command.reason(),
            command.message());
    return created
        ? ActionResult.of(Result.EVENT_RECORDED, command.eventType() + " " + command.reason())
        : ActionResult.of(
            Result.ALREADY_DONE, "Event " + command.reason() + " was already recorded");
  }
}
