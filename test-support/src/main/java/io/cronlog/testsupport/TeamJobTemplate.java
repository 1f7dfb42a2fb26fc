package io.cronlog.testsupport;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import java.util.Map;

/**
 * A Job template shaped like a team's real one (labels, a pod template with a security context, env
 * with a secret reference, resources, a volume), so that benchmarks measure records of a realistic
 * size rather than a bare busybox.
 */
public final class TeamJobTemplate {

  private TeamJobTemplate() {}

  /** The labels such a team puts on a ScheduledJob named {@code name}, its Jobs and their pods. */
  public static Map<String, String> labels(String name) {
    return Map.of(
        "app.kubernetes.io/name",
        name,
        "app.kubernetes.io/part-of",
        "reporting",
        "app.kubernetes.io/managed-by",
        "argocd",
        "team",
        "team-a");
  }

  /** The template of a ScheduledJob named {@code name}, running {@code image}. */
  public static JobTemplateSpec of(String name, String image) {
    return new JobTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels(name))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(2)
        .withActiveDeadlineSeconds(3600L)
        .withTtlSecondsAfterFinished(86400)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(name))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("reports")
        .withRestartPolicy("Never")
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(10001L)
        .withFsGroup(10001L)
        .endSecurityContext()
        .addNewContainer()
        .withName("report")
        .withImage(image)
        .withCommand("/app/bin/report")
        .withArgs("--since=24h", "--format=parquet", "--output=s3://reports/daily")
        .addNewEnv()
        .withName("REPORT_DATABASE_URL")
        .withValue("postgres://reports-db.team-a.svc:5432/reports")
        .endEnv()
        .addNewEnv()
        .withName("REPORT_BUCKET")
        .withValue("s3://reports/daily")
        .endEnv()
        .addNewEnv()
        .withName("REPORT_TIMEOUT")
        .withValue("45m")
        .endEnv()
        .addNewEnv()
        .withName("LOG_LEVEL")
        .withValue("info")
        .endEnv()
        .addNewEnv()
        .withName("REPORT_PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName("reports-db")
        .withKey("password")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")))
        .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")))
        .endResources()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath("/etc/report")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("report-config")
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
