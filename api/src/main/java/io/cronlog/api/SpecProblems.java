package io.cronlog.api;

import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What in a stored ScheduledJob the API server would have refused, had it validated it as {@code
 * batch/v1} validates a CronJob: an object stored before the schema tightened, or through an API
 * server without the CRD's rules. The scheduler makes no run of such a ScheduledJob and says why in
 * its {@code Ready} condition; the executor refuses to create a Job from one. The schedule and time
 * zone are judged by {@code Schedule.parse}, not here.
 */
public final class SpecProblems {

  /**
   * The longest ScheduledJob name: {@code <name>-<8 digits>} must fit a 63-character Job name, as
   * for a CronJob.
   */
  public static final int MAX_NAME = 52;

  /** The reason of the condition and Warning Event that report these problems. */
  public static final String REASON = "InvalidSpec";

  private SpecProblems() {}

  /**
   * Each problem of a live object, in the API server's words ({@code field: what is wrong}); empty
   * when none.
   */
  public static List<String> of(ScheduledJob scheduledJob) {
    return of(scheduledJob, true);
  }

  /**
   * The problems the scheduler can judge from a state record: all but an empty pod template, since
   * a state too large for Kafka goes without the pod template (and no decision reads it). The
   * executor, which reads the live object, judges that one.
   */
  public static List<String> inState(ScheduledJob scheduledJob) {
    return of(scheduledJob, false);
  }

  private static List<String> of(ScheduledJob scheduledJob, boolean podTemplateKnown) {
    List<String> problems = new ArrayList<>();
    String name = scheduledJob.getMetadata() == null ? null : scheduledJob.getMetadata().getName();
    if (name != null && name.length() > MAX_NAME) {
      problems.add(
          "metadata.name: Invalid value: \""
              + name
              + "\": must be no more than "
              + MAX_NAME
              + " characters");
    }
    ScheduledJobSpec spec = scheduledJob.getSpec();
    if (spec == null) {
      problems.add("spec: Required value");
      return problems;
    }
    JobTemplateSpec template = spec.getJobTemplate();
    if (template == null) {
      problems.add("spec.jobTemplate: Required value");
    } else if (podTemplateKnown
        && (template.getSpec() == null
            || template.getSpec().getTemplate() == null
            || template.getSpec().getTemplate().getSpec() == null
            || template.getSpec().getTemplate().getSpec().getContainers() == null
            || template.getSpec().getTemplate().getSpec().getContainers().isEmpty())) {
      problems.add("spec.jobTemplate.spec.template.spec.containers: Required value");
    }
    notNegative(problems, "spec.startingDeadlineSeconds", spec.getStartingDeadlineSeconds());
    notNegative(problems, "spec.successfulJobsHistoryLimit", spec.getSuccessfulJobsHistoryLimit());
    notNegative(problems, "spec.failedJobsHistoryLimit", spec.getFailedJobsHistoryLimit());
    return problems;
  }

  private static void notNegative(List<String> problems, String field, Number value) {
    if (value != null && value.longValue() < 0) {
      problems.add(field + ": Invalid value: " + value + ": must be greater than or equal to 0");
    }
  }
}
