package io.cronlog.records.state;

import io.cronlog.api.Runs;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.KubeTimes;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads from a Job what scheduling decisions need of it. */
public final class JobSummaries {

  private JobSummaries() {}

  /** The summary of {@code job}. */
  public static JobSummary of(Job job) {
    var metadata = job.getMetadata();
    var status = job.getStatus();
    return new JobSummary(
        metadata.getName(),
        metadata.getUid(),
        metadata.getResourceVersion(),
        KubeTimes.parseOrNull(metadata.getCreationTimestamp()),
        scheduledTime(metadata.getAnnotations()),
        status == null ? null : KubeTimes.parseOrNull(status.getStartTime()),
        status == null ? null : KubeTimes.parseOrNull(status.getCompletionTime()),
        phase(status == null ? null : status.getConditions()));
  }

  /** As the CronJob controller reads it: Complete or Failed true means finished. */
  static JobPhase phase(List<JobCondition> conditions) {
    if (conditions == null) {
      return JobPhase.ACTIVE;
    }
    for (JobCondition condition : conditions) {
      if ("True".equals(condition.getStatus())) {
        if ("Complete".equals(condition.getType())) {
          return JobPhase.SUCCEEDED;
        }
        if ("Failed".equals(condition.getType())) {
          return JobPhase.FAILED;
        }
      }
    }
    return JobPhase.ACTIVE;
  }

  /** A hand-edited annotation is not ours to trust: unreadable, the Job is simply not a run. */
  private static Instant scheduledTime(Map<String, String> annotations) {
    return annotations == null
        ? null
        : KubeTimes.parseOrNull(annotations.get(Runs.SCHEDULED_AT_ANNOTATION));
  }
}
