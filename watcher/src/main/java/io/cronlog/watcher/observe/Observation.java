package io.cronlog.watcher.observe;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.Change;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;

/** One thing the informers saw, queued for the single thread that publishes. */
public sealed interface Observation {

  /** A ScheduledJob changed. */
  record OfScheduledJob(Change change, ScheduledJob object, Instant observedAt)
      implements Observation {}

  /** A Job controlled by a ScheduledJob changed. */
  record OfJob(Change change, Job object, String scheduledJob, Instant observedAt)
      implements Observation {}

  /**
   * The informers' initial lists, as their stores held them once synced: what the last published
   * state holds and these lists lack vanished while no watcher was looking.
   */
  record InitialListComplete(List<ScheduledJob> scheduledJobs, List<Job> jobs, Instant observedAt)
      implements Observation {
    public InitialListComplete {
      scheduledJobs = List.copyOf(scheduledJobs);
      jobs = List.copyOf(jobs);
    }
  }
}
