package io.cronlog.records.state;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a ScheduledJob's Jobs its state lists, so that the state stays bounded however many
 * finished Jobs pile up (a history limit raised, an executor not allowed to delete): every
 * unfinished Job, every Job {@code status.active} names, and per phase the newest finished Jobs, up
 * to the history limit plus {@value #SLACK}. The scheduler deletes the oldest beyond the limit
 * among those it sees, so older ones come into view as those go, and the history still shrinks to
 * its limit.
 */
public final class JobHistoryWindow {

  /** Finished Jobs listed beyond the history limit: what one decision may delete at once. */
  public static final int SLACK = 20;

  private JobHistoryWindow() {}

  /** The Jobs of {@code owned} that the state of {@code scheduledJob} lists, in their order. */
  public static List<JobSummary> of(ScheduledJob scheduledJob, List<JobSummary> owned) {
    ScheduledJobSpec spec = scheduledJob.getSpec();
    if (spec == null) {
      return owned;
    }
    Set<String> named = new HashSet<>();
    if (scheduledJob.getStatus() != null && scheduledJob.getStatus().getActive() != null) {
      scheduledJob.getStatus().getActive().stream()
          .map(ObjectReference::getUid)
          .forEach(named::add);
    }
    Set<String> leftOut = new HashSet<>();
    leftOut.addAll(
        oldestBeyond(owned, JobPhase.SUCCEEDED, spec.successfulJobsHistoryLimitOrDefault(), named));
    leftOut.addAll(
        oldestBeyond(owned, JobPhase.FAILED, spec.failedJobsHistoryLimitOrDefault(), named));
    return leftOut.isEmpty()
        ? owned
        : owned.stream().filter(job -> !leftOut.contains(job.uid())).toList();
  }

  /**
   * The uids of the oldest Jobs of {@code phase} beyond the newest {@code limit} + {@link #SLACK}.
   */
  private static List<String> oldestBeyond(
      List<JobSummary> owned, JobPhase phase, int limit, Set<String> named) {
    List<JobSummary> finished =
        owned.stream()
            .filter(job -> job.phase() == phase && !named.contains(job.uid()))
            .sorted(JobSummary.OLDEST_FIRST)
            .toList();
    int kept = Math.max(0, limit) + SLACK;
    return finished.subList(0, Math.max(0, finished.size() - kept)).stream()
        .map(JobSummary::uid)
        .toList();
  }
}
