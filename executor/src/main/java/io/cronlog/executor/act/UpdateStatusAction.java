package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the scheduler's status changes. The scheduler's view may be stale, so a Job it wants out
 * of {@code active} stays while it still exists unfinished; every other change is one of {@link
 * StatusEdits}, so nothing moves backwards, and none may be set beyond what is possible now.
 */
public final class UpdateStatusAction {

  private static final Logger LOG = LoggerFactory.getLogger(UpdateStatusAction.class);

  private final KubernetesClient kube;
  private final ScheduledJobCache cache;
  private final StatusQueue status;
  private final AllowedSkew skew;

  UpdateStatusAction(
      KubernetesClient kube, ScheduledJobCache cache, StatusQueue status, AllowedSkew skew) {
    this.kube = kube;
    this.cache = cache;
    this.status = status;
    this.skew = skew;
  }

  /** Acts on {@code command}; API failures propagate. */
  public ActionResult act(UpdateStatus command) {
    ScheduledJobRef target = command.target();
    ScheduledJob live =
        cache
            .copyOf(target)
            .filter(cached -> vouches(cached, command))
            .orElseGet(() -> LiveTarget.get(kube, target));
    Optional<String> refusal =
        LiveTarget.mismatch(live, target).or(() -> implausible(command, live));
    if (refusal.isPresent()) {
      return ActionResult.refused(refusal.get());
    }
    Set<String> running = stillRunning(live, command);
    StatusWriter.Written written = status.update(target, live, s -> apply(s, command, running));
    return switch (written) {
      case UPDATED ->
          ActionResult.of(
              Result.STATUS_UPDATED,
              running.isEmpty()
                  ? "status updated"
                  : "status updated; kept running Jobs " + running + " in active");
      case UNCHANGED -> ActionResult.of(Result.ALREADY_DONE, "the status already said so");
      case GONE -> ActionResult.refused("ScheduledJob no longer exists");
    };
  }

  /**
   * Whether the cached object may stand for a read of the API: it knows the generation the command
   * observed, and lists in {@code active} every Job the command removes, so that each of them is
   * checked for still running. An object a moment behind in other ways costs only a conflict: the
   * write is made with its resourceVersion, and on 409 the status is read again and the edit
   * re-applied ({@link StatusWriter}). During a burst this spares a read per run: the scheduler
   * follows each run's own status write with an {@code UpdateStatus} of its next time.
   */
  private boolean vouches(ScheduledJob cached, UpdateStatus command) {
    boolean generationKnown =
        command.observedGeneration() == null || cached.getMetadata().getGeneration() != null;
    if (!generationKnown || implausible(command, cached).isPresent()) {
      return false;
    }
    Set<String> listed = new HashSet<>();
    if (cached.getStatus() != null) {
      cached.getStatus().getActive().forEach(ref -> listed.add(ref.getUid()));
    }
    return listed.containsAll(command.removeActiveUids());
  }

  /**
   * Why the command cannot be the scheduler's. The times and the generation only ever move forward,
   * so one forged value far ahead would stay for good; times ahead of our clock wait before they
   * get here ({@code CommandTimes}).
   */
  private Optional<String> implausible(UpdateStatus command, ScheduledJob live) {
    Long generation = live.getMetadata().getGeneration();
    if (command.observedGeneration() != null
        && generation != null
        && command.observedGeneration() > generation) {
      return Optional.of(
          "observedGeneration "
              + command.observedGeneration()
              + " is beyond the ScheduledJob's"
              + " generation "
              + generation);
    }
    return Optional.empty();
  }

  private boolean apply(ScheduledJobStatus s, UpdateStatus command, Set<String> running) {
    boolean changed = StatusEdits.removeActive(s, command.removeActiveUids(), running);
    changed |= StatusEdits.advanceLastSuccessfulTime(s, command.lastSuccessfulTime());
    changed |= StatusEdits.advanceLastMissedTime(s, command.lastMissedTime());
    changed |=
        StatusEdits.setNextScheduleTime(
            s, command.nextScheduleTime(), command.clearNextScheduleTime());
    changed |= StatusEdits.advanceObservedGeneration(s, command.observedGeneration());
    for (Condition condition : command.conditions()) {
      changed |= StatusEdits.setCondition(s, condition, skew.clock().instant());
    }
    return changed;
  }

  /** The uids the command would remove whose Jobs still exist and have not finished. */
  private Set<String> stillRunning(ScheduledJob live, UpdateStatus command) {
    Set<String> running = new HashSet<>();
    if (live.getStatus() == null) {
      return running;
    }
    for (ObjectReference ref : live.getStatus().getActive()) {
      if (!command.removeActiveUids().contains(ref.getUid())) {
        continue;
      }
      Job job =
          kube.batch()
              .v1()
              .jobs()
              .inNamespace(live.getMetadata().getNamespace())
              .withName(ref.getName())
              .get();
      if (job != null
          && ref.getUid().equals(job.getMetadata().getUid())
          && !RunJobs.isFinished(job)) {
        LOG.info(
            "{}/{}: Job {} is still running; it stays in active",
            command.target().namespace(),
            command.target().name(),
            ref.getName());
        running.add(ref.getUid());
      }
    }
    return running;
  }
}
