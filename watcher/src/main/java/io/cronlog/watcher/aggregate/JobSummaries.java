package io.cronlog.watcher.aggregate;

import io.cronlog.api.Runs;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Reads from a Job what scheduling decisions need of it. */
public final class JobSummaries {

  private JobSummaries() {}

  /** The summary of {@code job}. */
  public static JobSummary of(Job job) {
    var metadata = job.getMetadata();
    var status = job.getStatus();
    return new JobSummary(metadata.getName(), metadata.getUid(), metadata.getResourceVersion(),
        instant(metadata.getCreationTimestamp()), scheduledTime(metadata.getAnnotations()),
        status == null ? null : instant(status.getStartTime()),
        status == null ? null : instant(status.getCompletionTime()),
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

  private static Instant scheduledTime(Map<String, String> annotations) {
    return annotations == null ? null : instant(annotations.get(Runs.SCHEDULED_AT_ANNOTATION));
  }

  private static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null; // a hand-edited annotation is not ours to trust; the Job is then simply not a run
    }
  }
}
