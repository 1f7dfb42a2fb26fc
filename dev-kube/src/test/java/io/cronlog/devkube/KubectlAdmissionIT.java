package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What kubectl prints when the dev API refuses a ScheduledJob, and a CRD it could not enforce. */
class KubectlAdmissionIT {

  private static final String SCHEDULED_JOB =
      """
      apiVersion: cronlog.io/v1
      kind: ScheduledJob
      metadata:
        name: %s
      spec:
        schedule: "*/5 * * * *"
        startingDeadlineSeconds: %d
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: main
                  image: busybox
      """;

  /** A ScheduledJob with a misspelt field, {@code startingDeadlineSecond}. */
  private static final String TYPO =
      """
      apiVersion: cronlog.io/v1
      kind: ScheduledJob
      metadata:
        name: typo
      spec:
        schedule: "*/5 * * * *"
        startingDeadlineSecond: 30
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: main
                  image: busybox
      """;

  @TempDir Path dir;
  private DevKubernetesApi api;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws IOException {
    api = DevKubernetesApi.start(0);
    kubectl =
        new Kubectl(
            api.writeKubeconfig(dir.resolve("kubeconfig")),
            Files.createDirectory(dir.resolve("cache")));
    Kubectl.Result crd = kubectl.run("apply", "-f", ScheduledJobAdmissionTest.CRD.toString());
    assertThat(crd.exitCode()).as(crd.err()).isZero();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void applyPrintsTheApiServersReasonForANegativeDeadlineAndStoresNothing() throws IOException {
    Kubectl.Result applied = kubectl.run("apply", "-f", write("report", -1));

    assertThat(applied.exitCode()).isNotZero();
    assertThat(applied.err())
        .contains(
            "The ScheduledJob \"report\" is invalid: spec.startingDeadlineSeconds:"
                + " Invalid value: -1: spec.startingDeadlineSeconds in body should be greater than or equal to 0");
    assertThat(kubectl.run("get", "sj", "report").err()).contains("NotFound");
  }

  @Test
  void applyOfAnInvalidChangeToAStoredScheduledJobIsRefusedAndTheOldOneKept() throws IOException {
    assertThat(kubectl.run("apply", "-f", write("report", 30)).out())
        .contains("scheduledjob.cronlog.io/report created");

    Kubectl.Result reapplied = kubectl.run("apply", "-f", write("report", -5));

    assertThat(reapplied.exitCode()).isNotZero();
    assertThat(reapplied.err()).contains("spec.startingDeadlineSeconds: Invalid value: -5");
    assertThat(
            kubectl
                .run("get", "sj", "report", "-o", "jsonpath={.spec.startingDeadlineSeconds}")
                .out())
        .isEqualTo("30");
  }

  @Test
  void applyPrintsTheNameRuleForASixtyCharacterName() throws IOException {
    String name = "n".repeat(60);

    Kubectl.Result applied = kubectl.run("apply", "-f", write(name, 0));

    assertThat(applied.exitCode()).isNotZero();
    assertThat(applied.err())
        .contains(
            "The ScheduledJob \""
                + name
                + "\" is invalid: <nil>: Invalid value:"
                + " \"object\": metadata.name must be no more than 52 characters");
  }

  @Test
  void applyOfAMisspeltFieldFailsAsOnAClusterAndStoresNothing() throws IOException {
    String manifest = Files.writeString(dir.resolve("typo.yaml"), TYPO).toString();

    Kubectl.Result applied = kubectl.run("apply", "-f", manifest);

    assertThat(applied.exitCode()).isEqualTo(1);
    assertThat(applied.err())
        .isEqualTo(
            "Error from server (BadRequest): error when creating \""
                + manifest
                + "\":"
                + " ScheduledJob in version \"v1\" cannot be handled as a ScheduledJob: strict decoding error:"
                + " unknown field \"spec.startingDeadlineSecond\"\n");
    assertThat(kubectl.run("get", "sj", "typo").err()).contains("NotFound");
  }

  @Test
  void applyWithValidateWarnStoresWithoutTheFieldAndPrintsTheServersWarningOnly()
      throws IOException {
    String manifest = Files.writeString(dir.resolve("typo.yaml"), TYPO).toString();

    Kubectl.Result applied = kubectl.run("apply", "--validate=warn", "-f", manifest);

    assertThat(applied.exitCode()).as(applied.err()).isZero();
    // Finding fieldValidation in the OpenAPI document, kubectl does not say that warn validation is
    // unsupported.
    assertThat(applied.err()).isEqualTo("Warning: unknown field \"spec.startingDeadlineSecond\"\n");
    assertThat(kubectl.run("get", "sj", "typo", "-o", "jsonpath={.spec}").out())
        .doesNotContain("startingDeadlineSecond");
  }

  @Test
  void reapplyingAMisspeltFieldToAStoredScheduledJobIsRefusedAsAnInvalidPatch() throws IOException {
    assertThat(kubectl.run("apply", "-f", write("typo", 30)).exitCode()).isZero();
    String manifest = Files.writeString(dir.resolve("typo.yaml"), TYPO).toString();

    Kubectl.Result reapplied = kubectl.run("apply", "-f", manifest);

    assertThat(reapplied.exitCode()).isEqualTo(1);
    assertThat(reapplied.err())
        .startsWith("The request is invalid: patch: Invalid value: ")
        .endsWith("strict decoding error: unknown field \"spec.startingDeadlineSecond\"\n");
    assertThat(
            kubectl
                .run("get", "sj", "typo", "-o", "jsonpath={.spec.startingDeadlineSeconds}")
                .out())
        .isEqualTo("30");
  }

  @Test
  void refusesACrdWithARuleItCannotEvaluate() {
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder(Widgets.crd())
            .editSpec()
            .editVersion(0)
            .editSchema()
            .editOpenAPIV3Schema()
            .addNewXKubernetesValidation()
            .withRule("self.spec == oldSelf.spec")
            .endXKubernetesValidation()
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();

    try (KubernetesClient client = api.newClient()) {
      assertThat(
              catchThrowableOfType(
                  KubernetesClientException.class, () -> client.resource(crd).create()))
          .satisfies(e -> assertThat(e.getCode()).isEqualTo(422))
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .contains(
                          "spec.versions[0].schema.openAPIV3Schema"
                              + ".x-kubernetes-validations[0].rule",
                          "transition rules (oldSelf) are not evaluated"));
    }
  }

  private String write(String name, long deadline) throws IOException {
    return Files.writeString(dir.resolve(name + ".yaml"), SCHEDULED_JOB.formatted(name, deadline))
        .toString();
  }
}
