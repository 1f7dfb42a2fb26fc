package io.cronlog.watcher.bench;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.testsupport.TeamJobTemplate;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The ScheduledJobs the benchmarks publish: shaped like a team's real one (labels, annotations, a
 * pod template with env, resources, a volume), about 2 KB of JSON, so that encoding and sending
 * cost what they cost in production rather than what a bare busybox template costs.
 */
final class BenchObjects {

  static final String NAMESPACE = "bench";

  private BenchObjects() {}

  /** Installs the ScheduledJob CRD and the benchmarks' namespace into a fresh dev API. */
  static void prepare(KubernetesClient client) {
    try (InputStream yaml =
        BenchObjects.class
            .getClassLoader()
            .getResourceAsStream("META-INF/fabric8/" + ScheduledJob.CRD_NAME + "-v1.yml")) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
      client.resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  /** The ScheduledJob {@code name} as a user would create it: no uid, no resourceVersion. */
  static ScheduledJob toCreate(String name) {
    return scheduledJob(
        new ObjectMetaBuilder()
            .withNamespace(NAMESPACE)
            .withName(name)
            .withLabels(labels(name))
            .withAnnotations(annotations())
            .build(),
        0);
  }

  /**
   * Revision {@code revision} of ScheduledJob {@code name} as an informer would hand it over: a new
   * object with its own uid, resourceVersion and generation; each revision bumps the image's build
   * number, the kind of edit a deployment pipeline makes.
   */
  static ScheduledJob observed(String name, long revision, String resourceVersion) {
    ObjectMeta metadata =
        new ObjectMetaBuilder()
            .withNamespace(NAMESPACE)
            .withName(name)
            .withUid(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
            .withResourceVersion(resourceVersion)
            .withGeneration(revision + 1)
            .withCreationTimestamp("2026-11-27T09:00:00Z")
            .withLabels(labels(name))
            .withAnnotations(annotations())
            .build();
    return scheduledJob(metadata, revision);
  }

  /**
   * Sets {@code current}'s image build number to {@code revision}, in place, and returns it: the
   * next version to update the API with.
   */
  static ScheduledJob withImageBuild(ScheduledJob current, long revision) {
    current
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setImage(image(revision));
    return current;
  }

  private static ScheduledJob scheduledJob(ObjectMeta metadata, long revision) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(metadata);
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("30 2 * * 1-5");
    spec.setTimeZone("Europe/Berlin");
    spec.setStartingDeadlineSeconds(300L);
    spec.setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    spec.setSuccessfulJobsHistoryLimit(3);
    spec.setFailedJobsHistoryLimit(1);
    spec.setJobTemplate(jobTemplate(metadata.getName(), revision));
    sj.setSpec(spec);
    return sj;
  }

  private static JobTemplateSpec jobTemplate(String name, long revision) {
    return TeamJobTemplate.of(name, image(revision));
  }

  private static String image(long revision) {
    return "registry.example.com/team-a/daily-report:1.4." + revision;
  }

  private static Map<String, String> labels(String name) {
    return TeamJobTemplate.labels(name);
  }

  private static Map<String, String> annotations() {
    return Map.of(
        "cronlog.io/owner",
        "reporting@example.com",
        "argocd.argoproj.io/tracking-id",
        "reporting:cronlog.io/ScheduledJob:team-a/daily-report",
        "description",
        "Builds yesterday's report and uploads it; safe to rerun.");
  }
}
