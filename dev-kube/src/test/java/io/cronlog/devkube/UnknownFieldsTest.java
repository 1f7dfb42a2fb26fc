package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A ScheduledJob written with fields its CRD does not declare: never stored, and under each {@code
 * fieldValidation} the answer a real API server gives to a create, an update and a patch.
 */
class UnknownFieldsTest {

  private static final String COLLECTION = "/apis/cronlog.io/v1/namespaces/default/scheduledjobs";
  private static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  @RegisterExtension final RunningApi dev = new RunningApi();

  @BeforeEach
  void installCrd() throws IOException {
    try (InputStream yaml = Files.newInputStream(ScheduledJobAdmissionTest.CRD)) {
      CustomResourceDefinition crd =
          dev.client().apiextensions().v1().customResourceDefinitions().load(yaml).item();
      dev.client().resource(crd).create();
    }
  }

  @Test
  void strictCreateIsABadRequestNamingEveryUnknownFieldAndStoresNothing() {
    ObjectNode sj = withTypo(ScheduledJobAdmissionTest.valid("report"));
    ((ObjectNode) sj.path("spec").path("jobTemplate").path("spec").path("template").path("spec"))
        .putArray("containerz");

    Http.Answer refused =
        dev.http().send("POST", COLLECTION + "?fieldValidation=Strict", JSON, Json.write(sj));

    assertThat(refused.code()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("reason").asString()).isEqualTo("BadRequest");
    assertThat(refused.json().path("message").asString())
        .isEqualTo(
            "ScheduledJob in version \"v1\" cannot be handled"
                + " as a ScheduledJob: strict decoding error: unknown field \"spec.jobTemplate.spec.template.spec.containerz\","
                + " unknown field \"spec.startingDeadlineSecond\"");
    assertThat(dev.http().get(COLLECTION + "/report", JSON).code()).isEqualTo(404);
  }

  @Test
  void warnCreateStoresWithoutTheFieldAndWarnsOnce() {
    Http.Answer created =
        dev.http()
            .send(
                "POST",
                COLLECTION + "?fieldValidation=Warn",
                JSON,
                Json.write(withTypo(ScheduledJobAdmissionTest.valid("report"))));

    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.warnings())
        .containsExactly("299 - \"unknown field \\\"spec.startingDeadlineSecond\\\"\"");
    assertThat(created.json().path("spec").has("startingDeadlineSecond")).isFalse();
    assertThat(stored("report").path("spec").has("startingDeadlineSecond")).isFalse();
    assertThat(stored("report").path("spec").path("schedule").asString()).isEqualTo("*/5 * * * *");
  }

  @Test
  void createWithoutFieldValidationWarnsAsTheApiServerDoesByDefault() {
    Http.Answer created =
        dev.http()
            .send(
                "POST",
                COLLECTION,
                JSON,
                Json.write(withTypo(ScheduledJobAdmissionTest.valid("report"))));

    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.warnings())
        .containsExactly("299 - \"unknown field \\\"spec.startingDeadlineSecond\\\"\"");
    assertThat(stored("report").path("spec").has("startingDeadlineSecond")).isFalse();
  }

  @Test
  void createWithIgnoreStoresWithoutTheFieldAndSaysNothing() {
    Http.Answer created =
        dev.http()
            .send(
                "POST",
                COLLECTION + "?fieldValidation=Ignore",
                JSON,
                Json.write(withTypo(ScheduledJobAdmissionTest.valid("report"))));

    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.warnings()).isEmpty();
    assertThat(stored("report").path("spec").has("startingDeadlineSecond")).isFalse();
  }

  @Test
  void unknownMetadataFieldsAreDroppedAsObjectMetaHasNoPlaceForThem() {
    ObjectNode sj = ScheduledJobAdmissionTest.valid("report");
    ((ObjectNode) sj.path("metadata")).putObject("lables").put("team", "a");

    Http.Answer created = dev.http().send("POST", COLLECTION, JSON, Json.write(sj));

    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.warnings())
        .containsExactly("299 - \"unknown field \\\"metadata.lables\\\"\"");
    assertThat(stored("report").path("metadata").has("lables")).isFalse();
  }

  @Test
  void strictUpdateIsABadRequestAndKeepsTheStoredObject() {
    JsonNode before = create("report");
    ObjectNode update = (ObjectNode) before.deepCopy();
    ((ObjectNode) update.path("spec")).put("suspnd", true).put("suspend", true);

    Http.Answer refused =
        dev.http()
            .send("PUT", COLLECTION + "/report?fieldValidation=Strict", JSON, Json.write(update));

    assertThat(refused.code()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("message").asString())
        .endsWith("strict decoding error: unknown field \"spec.suspnd\"");
    assertThat(stored("report")).isEqualTo(before);
  }

  @Test
  void warnUpdateStoresTheRestOfTheChangeWithoutTheField() {
    ObjectNode update = (ObjectNode) create("report").deepCopy();
    ((ObjectNode) update.path("spec")).put("suspnd", true).put("suspend", true);

    Http.Answer updated =
        dev.http()
            .send("PUT", COLLECTION + "/report?fieldValidation=Warn", JSON, Json.write(update));

    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(updated.warnings()).containsExactly("299 - \"unknown field \\\"spec.suspnd\\\"\"");
    assertThat(stored("report").path("spec").path("suspend").asBoolean()).isTrue();
    assertThat(stored("report").path("spec").has("suspnd")).isFalse();
  }

  @Test
  void strictStatusUpdateIsABadRequestForAnUnknownStatusField() {
    ObjectNode update = (ObjectNode) create("report").deepCopy();
    update.putObject("status").put("lastScheduleTme", "2026-12-05T10:00:00Z");

    Http.Answer refused =
        dev.http()
            .send(
                "PUT",
                COLLECTION + "/report/status?fieldValidation=Strict",
                JSON,
                Json.write(update));

    assertThat(refused.code()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("message").asString())
        .endsWith("strict decoding error: unknown field \"status.lastScheduleTme\"");
  }

  @Test
  void strictMergePatchIsInvalidOnThePatchAsTheApiServersJsonPatcherAnswers() {
    JsonNode before = create("report");

    Http.Answer refused =
        dev.http()
            .send(
                "PATCH",
                COLLECTION + "/report?fieldValidation=Strict",
                MERGE_PATCH,
                "{\"spec\":{\"startingDeadlineSecond\":30}}");

    assertThat(refused.code()).as(refused.body()).isEqualTo(422);
    JsonNode cause = refused.json().path("details").path("causes").path(0);
    assertThat(cause.path("field").asString()).isEqualTo("patch");
    assertThat(cause.path("reason").asString()).isEqualTo("FieldValueInvalid");
    assertThat(refused.json().path("message").asString())
        .startsWith(" \"\" is invalid: patch: Invalid value: \"{")
        .endsWith("}\": strict decoding error: unknown field \"spec.startingDeadlineSecond\"");
    assertThat(stored("report")).isEqualTo(before);
  }

  @Test
  void warnMergePatchAppliesTheRestAndWarns() {
    create("report");

    Http.Answer patched =
        dev.http()
            .send(
                "PATCH",
                COLLECTION + "/report?fieldValidation=Warn",
                MERGE_PATCH,
                "{\"spec\":{\"suspend\":true,\"suspnd\":true}}");

    assertThat(patched.code()).as(patched.body()).isEqualTo(200);
    assertThat(patched.warnings()).containsExactly("299 - \"unknown field \\\"spec.suspnd\\\"\"");
    assertThat(stored("report").path("spec").path("suspend").asBoolean()).isTrue();
    assertThat(stored("report").path("spec").has("suspnd")).isFalse();
  }

  @Test
  void strictJsonPatchNamesAnOperationsUnknownKeyBeforeTheUnknownField() {
    create("report");

    Http.Answer refused =
        dev.http()
            .send(
                "PATCH",
                COLLECTION + "/report?fieldValidation=Strict",
                "application/json-patch+json",
                "[{\"op\":\"add\",\"path\":\"/spec/startingDeadlineSecond\",\"value\":30,\"comment\":\"typo\"}]");

    assertThat(refused.code()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("message").asString())
        .endsWith(
            "strict decoding error: json patch unknown field"
                + " \"comment\", unknown field \"spec.startingDeadlineSecond\"");
  }

  @Test
  void ignoreStrategicMergePatchDropsTheFieldInSilence() {
    create("report");

    Http.Answer patched =
        dev.http()
            .send(
                "PATCH",
                COLLECTION + "/report?fieldValidation=Ignore",
                "application/strategic-merge-patch+json",
                "{\"spec\":{\"startingDeadlineSecond\":30}}");

    assertThat(patched.code()).as(patched.body()).isEqualTo(200);
    assertThat(patched.warnings()).isEmpty();
    assertThat(stored("report").path("spec").has("startingDeadlineSecond")).isFalse();
  }

  @Test
  void refusesAFieldValidationItDoesNotKnowAsTheApiServerRefusesTheOptions() {
    Http.Answer refused =
        dev.http()
            .send(
                "POST",
                COLLECTION + "?fieldValidation=Loud",
                JSON,
                Json.write(ScheduledJobAdmissionTest.valid("report")));

    assertThat(refused.code()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("message").asString())
        .isEqualTo(
            "CreateOptions.meta.k8s.io \"\" is invalid:"
                + " fieldValidation: Unsupported value: \"Loud\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
  }

  private static ObjectNode withTypo(ObjectNode scheduledJob) {
    ((ObjectNode) scheduledJob.path("spec")).put("startingDeadlineSecond", 30);
    return scheduledJob;
  }

  /** Creates a valid ScheduledJob and returns it as stored. */
  private JsonNode create(String name) {
    Http.Answer created =
        dev.http()
            .send("POST", COLLECTION, JSON, Json.write(ScheduledJobAdmissionTest.valid(name)));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    return stored(name);
  }

  private JsonNode stored(String name) {
    Http.Answer answer = dev.http().get(COLLECTION + "/" + name, JSON);
    assertThat(answer.code()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }
}
