package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SchemaDefaultsTest {

  private final JsonNode schema =
      Json.read(
          """
      {"type": "object", "properties": {
        "spec": {"type": "object", "properties": {
          "policy": {"type": "string", "default": "Allow"},
          "limit": {"type": "integer", "default": 3},
          "template": {"type": "object", "default": {}, "properties": {
            "mode": {"type": "string", "default": "fast"}}},
          "steps": {"type": "array", "items": {"type": "object", "properties": {
            "retries": {"type": "integer", "default": 1}}}}}}}}""");

  @Test
  void fillsMissingFieldsWithTheirDefaults() {
    JsonNode object = Json.read("{\"spec\":{\"limit\":5}}");

    SchemaDefaults.apply(schema, object);

    assertThat(object.path("spec").path("policy").asString()).isEqualTo("Allow");
    assertThat(object.path("spec").path("limit").asInt()).isEqualTo(5);
  }

  @Test
  void defaultsInsideADefaultedObjectAndInsideArrayItems() {
    JsonNode object = Json.read("{\"spec\":{\"steps\":[{},{\"retries\":4}]}}");

    SchemaDefaults.apply(schema, object);

    assertThat(object.path("spec").path("template").path("mode").asString()).isEqualTo("fast");
    assertThat(object.path("spec").path("steps").path(0).path("retries").asInt()).isEqualTo(1);
    assertThat(object.path("spec").path("steps").path(1).path("retries").asInt()).isEqualTo(4);
  }

  @Test
  void leavesAnObjectWithoutTheParentFieldAlone() {
    JsonNode object = Json.read("{\"metadata\":{\"name\":\"x\"}}");

    SchemaDefaults.apply(schema, object);

    assertThat(object.has("spec")).isFalse();
  }
}
