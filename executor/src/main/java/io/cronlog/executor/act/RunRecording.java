package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * What follows the start of a run, off the command's path: its Job recorded in the ScheduledJob's
 * status ({@code active}, and {@code lastScheduleTime} or for a manual run {@code lastTrigger}),
 * behind the status edits queued before it ({@link StatusQueue}), then its Event. So the only API
 * call a run waits for is its Job's creation, as with the Kubernetes controller, whose status
 * update and Event follow the create; unlike there, the command is done, and its offset committed,
 * only once both are written, so an executor that dies before leaves them to the next owner, which
 * adopts the Job and writes them.
 */
final class RunRecording {

  private final StatusQueue status;

  RunRecording(StatusQueue status) {
    this.status = status;
  }

  /**
   * {@code recorded}, pending until {@code job} is recorded in the status and then {@code event},
   * if any, has been sent; a failed status write makes it the failure that names the Job (so that
   * the trail explains the Job, and the retry adopts it).
   *
   * @param live the ScheduledJob as the action read it, handed over: the status write edits it
   * @param event sends the run's Event, or null for none
   */
  ActionResult record(
      CreateJob command,
      ScheduledJob live,
      Job job,
      ActionResult recorded,
      Supplier<CompletableFuture<Void>> event) {
    boolean finished = RunJobs.isFinished(job);
    // The write edits the object it is given: the action's own copy (a read or the cache's copy),
    // which it reads no more. A JSON round trip to copy it again was an eighth of a run's CPU.
    CompletableFuture<ActionResult> finishing =
        status
            .submit(
                command.target(),
                live,
                s -> {
                  boolean added = !finished && StatusEdits.addActive(s, RunJobs.referenceTo(job));
                  // A manual run must not move the schedule's clock (an @every counts from
                  // lastScheduleTime).
                  boolean moved =
                      command.manual()
                          ? StatusEdits.setLastTrigger(s, command.manualTrigger())
                          : StatusEdits.advanceLastScheduleTime(s, command.scheduledTime());
                  return added | moved;
                })
            .handle((written, e) -> e == null ? null : failure(job, e))
            .thenCompose(
                failure ->
                    failure != null || event == null
                        ? CompletableFuture.completedFuture(failure != null ? failure : recorded)
                        : event.get().thenApply(sent -> recorded));
    return ActionResult.pending(recorded, finishing);
  }

  /** A failed status write as the command's result; the executor closing is no result at all. */
  private static ActionResult failure(Job job, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    String name = job.getMetadata().getName();
    String uid = job.getMetadata().getUid();
    if (cause instanceof CancellationException cancelled) {
      throw cancelled;
    }
    if (cause instanceof KubernetesClientException k) {
      return ApiErrors.failure("recording Job " + name + " in the status", k).aboutJob(name, uid);
    }
    return ActionResult.permanentFailure(
            "recording Job " + name + " in the status: unexpected error: " + cause)
        .aboutJob(name, uid);
  }
}
