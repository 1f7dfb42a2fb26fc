package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ScheduledJob CRD that cronlog ships, enforced by the dev API as a real API server enforces
 * it.
 */
class ScheduledJobAdmissionTest {

  /** The CRD as deployed; api's GeneratedCrdTest keeps it equal to what the build generates. */
  static final Path CRD = Path.of("..", "deploy", "crds", "scheduledjobs.cronlog.io-v1.yml");

  private static final String COLLECTION = "/apis/cronlog.io/v1/namespaces/default/scheduledjobs";
  private static final String JSON = "application/json";

  @RegisterExtension final RunningApi dev = new RunningApi();

  @BeforeEach
  void installCrd() throws IOException {
    try (InputStream yaml = Files.newInputStream(CRD)) {
      CustomResourceDefinition crd =
          dev.client().apiextensions().v1().customResourceDefinitions().load(yaml).item();
      dev.client().resource(crd).create();
    }
  }

  @Test
  void storesAValidScheduledJobWithItsDefaults() {
    Http.Answer created = create(valid("report"));

    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(stored("report").path("spec").path("concurrencyPolicy").asString())
        .isEqualTo("Allow");
  }

  @Test
  void refusesANegativeDeadlineAsTheApiServerDoes() {
    ObjectNode sj = valid("report");
    spec(sj).put("startingDeadlineSeconds", -1);

    Http.Answer refused = create(sj);

    assertInvalid(
        refused,
        "report",
        "FieldValueInvalid",
        "spec.startingDeadlineSeconds",
        "Invalid value: -1: spec.startingDeadlineSeconds in body should be greater than or equal to 0");
    assertThat(refused.json().path("message").asString())
        .isEqualTo(
            "ScheduledJob.cronlog.io \"report\" is invalid: "
                + "spec.startingDeadlineSeconds: Invalid value: -1: spec.startingDeadlineSeconds in body should be greater"
                + " than or equal to 0");
    assertNotStored("report");
  }

  @Test
  void refusesANameOfSixtyCharactersByTheRootRule() {
    String name = "n".repeat(60);

    Http.Answer refused = create(valid(name));

    assertInvalid(
        refused,
        name,
        "FieldValueInvalid",
        "<nil>",
        "Invalid value: \"object\": metadata.name must be no"
            + " more than 52 characters, so that <name>-<8 digits> fits a 63-character Job name");
    assertNotStored(name);
  }

  @Test
  void acceptsANameOfFiftyTwoCharacters() {
    assertThat(create(valid("n".repeat(52))).code()).isEqualTo(201);
  }

  @Test
  void refusesAnUnknownConcurrencyPolicy() {
    ObjectNode sj = valid("report");
    spec(sj).put("concurrencyPolicy", "Sometimes");

    assertInvalid(
        create(sj),
        "report",
        "FieldValueNotSupported",
        "spec.concurrencyPolicy",
        "Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"");
    assertNotStored("report");
  }

  @Test
  void refusesAMissingJobTemplateAndSaysTheRulesWereNotChecked() {
    ObjectNode sj = valid("report");
    spec(sj).remove("jobTemplate");

    Http.Answer refused = create(sj);

    assertInvalid(refused, "report", "FieldValueRequired", "spec.jobTemplate", "Required value");
    assertThat(refused.json().path("details").path("causes").findValuesAsString("message"))
        .contains("Invalid value: \"null\": " + Admission.RULES_NOT_CHECKED);
    assertNotStored("report");
  }

  @Test
  void refusesASchedulePrefixedWithTzInBatchV1Words() {
    ObjectNode sj = valid("report");
    spec(sj).put("schedule", "CRON_TZ=Europe/Berlin 0 6 * * *");

    assertInvalid(
        create(sj),
        "report",
        "FieldValueInvalid",
        "spec.schedule",
        "Invalid value: \"string\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
  }

  @Test
  void refusesAScheduleOfSixFields() {
    ObjectNode sj = valid("report");
    spec(sj).put("schedule", "0 0 6 * * *");

    Http.Answer refused = create(sj);

    assertThat(refused.code()).isEqualTo(422);
    assertThat(refused.json().path("details").path("causes").path(0).path("message").asString())
        .startsWith("Invalid value: \"string\": must be five fields");
  }

  @Test
  void refusesAJobTemplateWithoutContainersAtTheRulesFieldPath() {
    ObjectNode sj = valid("report");
    ((ObjectNode) spec(sj).path("jobTemplate").path("spec").path("template").path("spec"))
        .putArray("containers");

    assertInvalid(
        create(sj),
        "report",
        "FieldValueRequired",
        "spec.jobTemplate.spec.template.spec.containers",
        "Required value: a Job needs at least one container");
  }

  @Test
  void refusesAnUpdateAndAMergePatchAndKeepsTheStoredObject() {
    assertThat(create(valid("report")).code()).isEqualTo(201);
    ObjectNode update = (ObjectNode) stored("report");
    spec(update).put("failedJobsHistoryLimit", -2);

    Http.Answer put = dev.http().send("PUT", COLLECTION + "/report", JSON, Json.write(update));
    Http.Answer patch =
        dev.http()
            .send(
                "PATCH",
                COLLECTION + "/report",
                "application/merge-patch+json",
                "{\"spec\":{\"successfulJobsHistoryLimit\":-1}}");

    assertInvalid(
        put,
        "report",
        "FieldValueInvalid",
        "spec.failedJobsHistoryLimit",
        "Invalid value: -2: spec.failedJobsHistoryLimit in body should be greater than or equal to 0");
    assertInvalid(
        patch,
        "report",
        "FieldValueInvalid",
        "spec.successfulJobsHistoryLimit",
        "Invalid value: -1: spec.successfulJobsHistoryLimit in body should be greater than or equal to 0");
    assertThat(stored("report").path("spec").path("failedJobsHistoryLimit").asInt()).isEqualTo(1);
    assertThat(stored("report").path("spec").path("successfulJobsHistoryLimit").asInt())
        .isEqualTo(3);
  }

  @Test
  void refusesAWrongType() {
    ObjectNode sj = valid("report");
    spec(sj).put("suspend", "yes");

    assertInvalid(
        create(sj),
        "report",
        "FieldValueTypeInvalid",
        "spec.suspend",
        "Invalid value: \"string\": spec.suspend in body must be of type boolean: \"string\"");
  }

  static ObjectNode valid(String name) {
    return (ObjectNode)
        Json.read(
            """
        {"apiVersion": "cronlog.io/v1", "kind": "ScheduledJob",
         "metadata": {"name": "%s", "namespace": "default"},
         "spec": {"schedule": "*/5 * * * *", "timeZone": "Europe/Berlin",
           "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never",
             "containers": [{"name": "main", "image": "busybox"}]}}}}}}
        """
                .formatted(name));
  }

  private static ObjectNode spec(ObjectNode scheduledJob) {
    return (ObjectNode) scheduledJob.path("spec");
  }

  private Http.Answer create(JsonNode scheduledJob) {
    return dev.http().send("POST", COLLECTION, JSON, Json.write(scheduledJob));
  }

  private JsonNode stored(String name) {
    Http.Answer answer = dev.http().get(COLLECTION + "/" + name, JSON);
    assertThat(answer.code()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private void assertNotStored(String name) {
    assertThat(dev.http().get(COLLECTION + "/" + name, JSON).code()).isEqualTo(404);
  }

  private static void assertInvalid(
      Http.Answer answer, String name, String reason, String field, String message) {
    assertThat(answer.code()).as(answer.body()).isEqualTo(422);
    JsonNode status = answer.json();
    assertThat(status.path("reason").asString()).isEqualTo("Invalid");
    assertThat(status.path("details").path("kind").asString()).isEqualTo("ScheduledJob");
    assertThat(status.path("details").path("group").asString()).isEqualTo("cronlog.io");
    assertThat(status.path("details").path("name").asString()).isEqualTo(name);
    JsonNode cause = status.path("details").path("causes").path(0);
    assertThat(cause.path("reason").asString()).isEqualTo(reason);
    assertThat(cause.path("field").asString()).isEqualTo(field);
    assertThat(cause.path("message").asString()).isEqualTo(message);
  }
}
