package io.cronlog.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.Objects;

/**
 * The desired schedule and Job template; field for field the spec of a batch/v1 CronJob.
 *
 * <p>The schema rules here are what a CRD can check before anything is stored (see {@link
 * CrdRules}); what needs cronlog's parser or time-zone database is judged at run time, and a
 * ScheduledJob that fails there gets {@code Ready=False} and a Warning Event instead of runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduledJobSpec {

  @Required
  @Size(max = CrdRules.SCHEDULE_MAX_LENGTH)
  @ValidationRule(
      value = CrdRules.SCHEDULE_WITHOUT_TZ,
      message = CrdRules.SCHEDULE_WITHOUT_TZ_MESSAGE)
  @ValidationRule(value = CrdRules.SCHEDULE_SHAPE, message = CrdRules.SCHEDULE_SHAPE_MESSAGE)
  @JsonPropertyDescription(
      "The schedule in Cron format, as for a batch/v1 CronJob: five fields or a descriptor.")
  private String schedule;

  @Size(max = CrdRules.TIME_ZONE_MAX_LENGTH)
  @ValidationRule(value = CrdRules.TIME_ZONE_SHAPE, message = CrdRules.TIME_ZONE_SHAPE_MESSAGE)
  @JsonPropertyDescription("The IANA time zone the schedule is read in; UTC when unset.")
  private String timeZone;

  @Min(0)
  @JsonPropertyDescription("Seconds after its scheduled time within which a run may still start.")
  private Long startingDeadlineSeconds;

  @Default("Allow")
  @JsonPropertyDescription("Allow, Forbid or Replace concurrent runs.")
  private ConcurrencyPolicy concurrencyPolicy;

  @Default("false")
  @JsonPropertyDescription("When true, no new run starts; active runs go on.")
  private Boolean suspend;

  @Required
  @ValidationRule(value = CrdRules.NO_SELECTOR, message = CrdRules.NO_SELECTOR_MESSAGE)
  @ValidationRule(
      value = CrdRules.HAS_CONTAINERS,
      message = CrdRules.HAS_CONTAINERS_MESSAGE,
      fieldPath = ".spec.template.spec.containers",
      reason = "FieldValueRequired")
  @JsonPropertyDescription("The Job created for each run.")
  private JobTemplateSpec jobTemplate;

  @Min(0)
  @Default("3")
  @JsonPropertyDescription("How many succeeded Jobs to keep.")
  private Integer successfulJobsHistoryLimit;

  @Min(0)
  @Default("1")
  @JsonPropertyDescription("How many failed Jobs to keep.")
  private Integer failedJobsHistoryLimit;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long seconds) {
    this.startingDeadlineSeconds = seconds;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy policy) {
    this.concurrencyPolicy = policy;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public JobTemplateSpec getJobTemplate() {
    return jobTemplate;
  }

  public void setJobTemplate(JobTemplateSpec jobTemplate) {
    this.jobTemplate = jobTemplate;
  }

  public Integer getSuccessfulJobsHistoryLimit() {
    return successfulJobsHistoryLimit;
  }

  public void setSuccessfulJobsHistoryLimit(Integer limit) {
    this.successfulJobsHistoryLimit = limit;
  }

  public Integer getFailedJobsHistoryLimit() {
    return failedJobsHistoryLimit;
  }

  public void setFailedJobsHistoryLimit(Integer limit) {
    this.failedJobsHistoryLimit = limit;
  }

  // The effective values: what an unset field means, as the API server's defaults would set it.

  /** The policy in force; Allow when unset. */
  public ConcurrencyPolicy concurrencyPolicyOrDefault() {
    return concurrencyPolicy == null ? ConcurrencyPolicy.Allow : concurrencyPolicy;
  }

  /** Whether the schedule is suspended; false when unset. */
  public boolean suspendedOrDefault() {
    return Boolean.TRUE.equals(suspend);
  }

  /** How many succeeded Jobs to keep; 3 when unset. */
  public int successfulJobsHistoryLimitOrDefault() {
    return successfulJobsHistoryLimit == null ? 3 : successfulJobsHistoryLimit;
  }

  /** How many failed Jobs to keep; 1 when unset. */
  public int failedJobsHistoryLimitOrDefault() {
    return failedJobsHistoryLimit == null ? 1 : failedJobsHistoryLimit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScheduledJobSpec s
        && Objects.equals(schedule, s.schedule)
        && Objects.equals(timeZone, s.timeZone)
        && Objects.equals(startingDeadlineSeconds, s.startingDeadlineSeconds)
        && concurrencyPolicy == s.concurrencyPolicy
        && Objects.equals(suspend, s.suspend)
        && Objects.equals(jobTemplate, s.jobTemplate)
        && Objects.equals(successfulJobsHistoryLimit, s.successfulJobsHistoryLimit)
        && Objects.equals(failedJobsHistoryLimit, s.failedJobsHistoryLimit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        schedule,
        timeZone,
        startingDeadlineSeconds,
        concurrencyPolicy,
        suspend,
        jobTemplate,
        successfulJobsHistoryLimit,
        failedJobsHistoryLimit);
  }

  @Override
  public String toString() {
    return "ScheduledJobSpec{schedule="
        + schedule
        + ", timeZone="
        + timeZone
        + ", concurrencyPolicy="
        + concurrencyPolicy
        + ", suspend="
        + suspend
        + "}";
  }
}
