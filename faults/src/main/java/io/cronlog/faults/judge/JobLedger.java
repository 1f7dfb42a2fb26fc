package io.cronlog.faults.judge;

import io.cronlog.api.Runs;
import io.cronlog.records.KubeTimes;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Job the API ever held, as the suite saw it: created when, for which run, active until when.
 * History limits and {@code Replace} delete Jobs, so the end of a run cannot be read from a list
 * made afterwards; an informer from the start sees each one go.
 *
 * <p>Concurrency: the informer's thread writes {@code jobs}, a concurrent map keyed by uid; readers
 * take a copy.
 */
public final class JobLedger implements AutoCloseable {

  /**
   * One Job: its owner's uid and name, the run's time, whether it was a manual run, when it was
   * created and when it stopped being active (completed, failed or deleted; null while active).
   */
  public record JobRun(
      String uid,
      String name,
      String ownerUid,
      String ownerName,
      Instant scheduledAt,
      boolean manual,
      Instant created,
      Instant ended) {

    JobRun endedAt(Instant at) {
      return ended != null || at == null
          ? this
          : new JobRun(uid, name, ownerUid, ownerName, scheduledAt, manual, created, at);
    }
  }

  private final Map<String, JobRun> jobs = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Job> informer;

  public JobLedger(KubernetesClient client) {
    informer =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    see(job);
                  }

                  @Override
                  public void onUpdate(Job before, Job job) {
                    see(job);
                  }

                  @Override
                  public void onDelete(Job job, boolean finalStateUnknown) {
                    JobRun run = runOf(job);
                    if (run != null) {
                      jobs.merge(
                          run.uid(),
                          run.endedAt(Instant.now()),
                          (known, gone) -> known.endedAt(Instant.now()));
                    }
                  }
                },
                0);
  }

  /** Every Job seen so far. */
  public List<JobRun> runs() {
    return List.copyOf(jobs.values());
  }

  private void see(Job job) {
    JobRun run = runOf(job);
    if (run != null) {
      jobs.merge(run.uid(), run, (known, now) -> known.endedAt(now.ended()));
    }
  }

  /** The run of a Job a ScheduledJob controls; null for any other Job. */
  private static JobRun runOf(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String scheduledAt = annotations == null ? null : annotations.get(Runs.SCHEDULED_AT_ANNOTATION);
    OwnerReference owner =
        job.getMetadata().getOwnerReferences() == null
            ? null
            : job.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst()
                .orElse(null);
    if (scheduledAt == null || owner == null) {
      return null;
    }
    return new JobRun(
        job.getMetadata().getUid(),
        job.getMetadata().getName(),
        owner.getUid(),
        owner.getName(),
        KubeTimes.parse(scheduledAt),
        annotations.containsKey(Runs.TRIGGER_ANNOTATION),
        KubeTimes.parse(job.getMetadata().getCreationTimestamp()),
        endOf(job));
  }

  /** When a Job stopped being active by its status: completed or failed. */
  private static Instant endOf(Job job) {
    if (job.getStatus() == null) {
      return null;
    }
    if (job.getStatus().getCompletionTime() != null) {
      return KubeTimes.parse(job.getStatus().getCompletionTime());
    }
    boolean failed =
        job.getStatus().getConditions() != null
            && job.getStatus().getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
    return failed ? Instant.now() : null;
  }

  @Override
  public void close() {
    informer.close();
  }
}
