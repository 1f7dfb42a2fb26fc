package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server drops from a custom resource its schema does not declare, and how it names
 * each field.
 */
class PruningTest {

  private final JsonNode schema =
      Json.read(
          """
      {"type": "object", "properties": {
        "spec": {"type": "object", "properties": {
          "schedule": {"type": "string"},
          "containers": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "image": {"type": "string"}}}},
          "labels": {"type": "object", "additionalProperties": {"type": "string"}},
          "limits": {"type": "object", "additionalProperties": {"type": "object", "properties": {
            "max": {"type": "integer"}}}},
          "config": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {
            "retry": {"type": "object", "properties": {"times": {"type": "integer"}}}}},
          "template": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {
            "spec": {"type": "object", "properties": {"replicas": {"type": "integer"}}}}}}},
        "status": {"type": "object", "properties": {"phase": {"type": "string"}}}}}""");

  @Test
  void dropsAnUndeclaredFieldAndNamesItsPath() {
    Pruning.Result result =
        prune(
            """
        {"spec": {"schedule": "* * * * *", "schedul": "typo"}}""");

    assertThat(result.unknownFields()).containsExactly("spec.schedul");
    assertThat(result.object().path("spec").has("schedul")).isFalse();
    assertThat(result.object().path("spec").path("schedule").asString()).isEqualTo("* * * * *");
  }

  @Test
  void prunesInsideNestedObjectsAndEachItemOfAnArrayOfObjects() {
    Pruning.Result result =
        prune(
            """
        {"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "imagePullPolcy": "Never"}]},
         "status": {"phase": "Running", "extra": {"deep": 1}}}""");

    assertThat(result.unknownFields())
        .containsExactly("spec.containers[1].imagePullPolcy", "status.extra");
    assertThat(result.object().path("spec").path("containers").path(0).path("image").asString())
        .isEqualTo("x");
    assertThat(result.object().path("spec").path("containers").path(1).has("imagePullPolcy"))
        .isFalse();
    assertThat(result.object().path("status").has("extra")).isFalse();
  }

  @Test
  void keepsEveryKeyOfAnAdditionalPropertiesMapAndPrunesInsideItsValues() {
    Pruning.Result result =
        prune(
            """
        {"spec": {"labels": {"team": "a", "tier": "b"}, "limits": {"cpu": {"max": 2, "min": 1}}}}""");

    assertThat(result.unknownFields()).containsExactly("spec.limits.cpu.min");
    assertThat(result.object().path("spec").path("labels").propertyNames())
        .containsExactly("team", "tier");
    assertThat(result.object().path("spec").path("limits").path("cpu").path("max").asInt())
        .isEqualTo(2);
  }

  @Test
  void keepsWhatPreserveUnknownFieldsHoldsButPrunesTheFieldsItDeclares() {
    Pruning.Result result =
        prune(
            """
        {"spec": {"config": {"anything": {"goes": true}, "retry": {"times": 3, "backoff": "1s"}}}}""");

    assertThat(result.unknownFields()).containsExactly("spec.config.retry.backoff");
    assertThat(
            result.object().path("spec").path("config").path("anything").path("goes").asBoolean())
        .isTrue();
    assertThat(result.object().path("spec").path("config").path("retry").path("times").asInt())
        .isEqualTo(3);
  }

  @Test
  void keepsAnEmbeddedResourcesTypeAndObjectMetaButNothingElseUndeclared() {
    Pruning.Result result =
        prune(
            """
        {"spec": {"template": {"apiVersion": "v1", "kind": "Pod",
          "metadata": {"name": "p", "labels": {"app": "x"}, "colour": "red"},
          "spec": {"replicas": 2, "replica": 3}, "extra": 1}}}""");

    // The schema's pass first, sorted; then the embedded metadata read as an ObjectMeta.
    assertThat(result.unknownFields())
        .containsExactly(
            "spec.template.extra", "spec.template.spec.replica", "spec.template.metadata.colour");
    JsonNode template = result.object().path("spec").path("template");
    assertThat(template.path("kind").asString()).isEqualTo("Pod");
    assertThat(template.path("metadata").propertyNames()).containsExactly("name", "labels");
    assertThat(template.path("spec").propertyNames()).containsExactly("replicas");
  }

  @Test
  void keepsTheRootsTypeAndDropsWhatObjectMetaHasNotNamedFirstInTheOrderSent() {
    Pruning.Result result =
        prune(
            """
        {"apiVersion": "test.cronlog.io/v1", "kind": "Widget",
         "metadata": {"name": "w", "zone": "eu", "annotations": {"a": "b"}, "colour": "red",
           "ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "p", "uid": "1", "weight": 2}]},
         "spec": {"zz": 1, "aa": 2}}""");

    assertThat(result.unknownFields())
        .containsExactly(
            "metadata.zone",
            "metadata.colour",
            "metadata.ownerReferences.weight",
            "spec.aa",
            "spec.zz");
    assertThat(result.object().path("apiVersion").asString()).isEqualTo("test.cronlog.io/v1");
    assertThat(result.object().path("metadata").propertyNames())
        .containsExactly("name", "annotations", "ownerReferences");
    assertThat(result.object().path("metadata").path("ownerReferences").path(0).has("weight"))
        .isFalse();
  }

  @Test
  void leavesTheObjectItWasGivenUnchanged() {
    JsonNode object = Json.read("{\"spec\": {\"schedul\": \"typo\"}}");

    Pruning.prune(schema, object);

    assertThat(object.path("spec").path("schedul").asString()).isEqualTo("typo");
  }

  @Test
  void findsBothTyposOfAScheduledJobAgainstTheShippedCrd() throws IOException {
    ObjectNode sj = ScheduledJobAdmissionTest.valid("report");
    ((ObjectNode) sj.path("spec")).put("startingDeadlineSecond", 30);
    ((ObjectNode) sj.path("spec").path("jobTemplate").path("spec").path("template").path("spec"))
        .putArray("containerz");

    Pruning.Result result = Pruning.prune(scheduledJobSchema(), sj);

    assertThat(result.unknownFields())
        .containsExactly(
            "spec.jobTemplate.spec.template.spec.containerz", "spec.startingDeadlineSecond");
    assertThat(
            result
                .object()
                .path("spec")
                .path("jobTemplate")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0)
                .path("image")
                .asString())
        .isEqualTo("busybox");
  }

  private static JsonNode scheduledJobSchema() throws IOException {
    try (InputStream yaml = Files.newInputStream(ScheduledJobAdmissionTest.CRD)) {
      CustomResourceDefinition crd =
          Json.KUBERNETES.unmarshal(yaml, CustomResourceDefinition.class);
      return Json.read(Json.KUBERNETES.asJson(crd))
          .path("spec")
          .path("versions")
          .path(0)
          .path("schema")
          .path("openAPIV3Schema");
    }
  }

  private Pruning.Result prune(String json) {
    return Pruning.prune(schema, Json.read(json));
  }
}
