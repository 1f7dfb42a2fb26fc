package io.cronlog.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A batch/v1 CronJob in the cronlog.io group: the same spec, a richer status. */
@Group(ScheduledJob.GROUP)
@Version(ScheduledJob.VERSION)
@Kind(ScheduledJob.KIND)
@Plural(ScheduledJob.PLURAL)
@Singular("scheduledjob")
@ShortNames("sj")
// CronJob's columns in its order, with what this status adds before AGE: READY (with -o wide its
// REASON), NEXT SCHEDULE as a timestamp (a date column shows a future time as <invalid>) and LAST
// SUCCESSFUL. -o wide adds CONTAINERS and IMAGES as for a CronJob, though a printer column shows
// only the first container's.
@AdditionalPrinterColumn(name = "SCHEDULE", jsonPath = ".spec.schedule")
@AdditionalPrinterColumn(name = "TIMEZONE", jsonPath = ".spec.timeZone")
@AdditionalPrinterColumn(
    name = "SUSPEND",
    jsonPath = ".spec.suspend",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "ACTIVE", jsonPath = ".status.active[*].name")
@AdditionalPrinterColumn(
    name = "LAST SCHEDULE",
    jsonPath = ".status.lastScheduleTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "READY", jsonPath = ScheduledJob.READY_CONDITION + ".status")
@AdditionalPrinterColumn(
    name = "REASON",
    jsonPath = ScheduledJob.READY_CONDITION + ".reason",
    priority = 1)
@AdditionalPrinterColumn(name = "NEXT SCHEDULE", jsonPath = ".status.nextScheduleTime")
@AdditionalPrinterColumn(
    name = "LAST SUCCESSFUL",
    jsonPath = ".status.lastSuccessfulTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "CONTAINERS",
    jsonPath = ".spec.jobTemplate.spec.template.spec.containers[*].name",
    priority = 1)
@AdditionalPrinterColumn(
    name = "IMAGES",
    jsonPath = ".spec.jobTemplate.spec.template.spec.containers[*].image",
    priority = 1)
@ValidationRule(value = CrdRules.NAME_LENGTH, message = CrdRules.NAME_LENGTH_MESSAGE)
public class ScheduledJob extends CustomResource<ScheduledJobSpec, ScheduledJobStatus>
    implements Namespaced {

  public static final String GROUP = "cronlog.io";
  public static final String VERSION = "v1";
  public static final String KIND = "ScheduledJob";
  public static final String PLURAL = "scheduledjobs";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The name of the generated CustomResourceDefinition. */
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  /** The JSONPath of the Ready condition, for printer columns. */
  static final String READY_CONDITION = ".status.conditions[?(@.type==\"Ready\")]";

  /**
   * Overridden to mark spec required in the CRD, as a CronJob without one is refused, and to
   * describe it for kubectl explain.
   */
  @Override
  @Required
  @JsonPropertyDescription(
      "When and how to run: the schedule and the Job created for each run, as for a batch/v1 CronJob.")
  public ScheduledJobSpec getSpec() {
    return super.getSpec();
  }

  /** Overridden only to describe status for kubectl explain. */
  @Override
  @JsonPropertyDescription(
      "What the scheduler last observed and decided: the running Jobs, the last and next run, "
          + "and whether the spec is Ready.")
  public ScheduledJobStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected ScheduledJobStatus initStatus() {
    return new ScheduledJobStatus();
  }
}
