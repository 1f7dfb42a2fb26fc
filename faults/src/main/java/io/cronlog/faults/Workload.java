package io.cronlog.faults;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.devkube.DevJobCompleter;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The N ScheduledJobs the suite runs, all due every minute, with the mix of policies the issue asks
 * for: of every ten, six Allow, one Allow with a 30 s starting deadline, two Forbid whose Jobs run
 * 90 s (so every other run meets an active one) and one Replace, likewise 90 s.
 */
public final class Workload {

  private static final String EVERY_MINUTE = "* * * * *";
  private static final String LONG_RUN = "90s";
  private static final long DEADLINE_SECONDS = 30;

  private final Map<String, ConcurrencyPolicy> policies = new HashMap<>();

  /** Creates {@code count} ScheduledJobs in namespace {@code default}. */
  public void create(KubernetesClient client, int count) {
    for (int i = 0; i < count; i++) {
      String name = String.format("drill-%03d", i);
      ScheduledJobSpec spec = new ScheduledJobSpec();
      spec.setSchedule(EVERY_MINUTE);
      String duration = null;
      switch (i % 10) {
        case 6, 7 -> {
          spec.setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
          duration = LONG_RUN;
        }
        case 8 -> {
          spec.setConcurrencyPolicy(ConcurrencyPolicy.Replace);
          duration = LONG_RUN;
        }
        case 9 -> {
          spec.setConcurrencyPolicy(ConcurrencyPolicy.Allow);
          spec.setStartingDeadlineSeconds(DEADLINE_SECONDS);
        }
        default -> spec.setConcurrencyPolicy(ConcurrencyPolicy.Allow);
      }
      spec.setJobTemplate(template(duration));
      ScheduledJob scheduledJob = new ScheduledJob();
      scheduledJob.setMetadata(
          new ObjectMetaBuilder().withName(name).withNamespace("default").build());
      scheduledJob.setSpec(spec);
      client.resource(scheduledJob).create();
      policies.put(name, spec.getConcurrencyPolicy());
    }
  }

  /**
   * The last time before {@code end} at which the ScheduledJobs fall due: the whole minute before
   * it.
   */
  public Instant lastDueBefore(Instant end) {
    Instant minute = end.truncatedTo(ChronoUnit.MINUTES);
    return minute.equals(end) ? minute.minus(1, ChronoUnit.MINUTES) : minute;
  }

  /**
   * The concurrency policy of the ScheduledJob {@code name}; null for one the suite did not create.
   */
  public ConcurrencyPolicy policyOf(String name) {
    return policies.get(name);
  }

  private static JobTemplateSpec template(String duration) {
    ObjectMeta meta = new ObjectMeta();
    if (duration != null) {
      meta.setAnnotations(Map.of(DevJobCompleter.DURATION_ANNOTATION, duration));
    }
    return new JobTemplateSpecBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("drill")
        .withImage("busybox:1.36")
        .withCommand("true")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
