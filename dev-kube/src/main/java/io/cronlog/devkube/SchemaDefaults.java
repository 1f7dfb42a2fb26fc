package io.cronlog.devkube;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the {@code default}s of a CRD's structural OpenAPI schema to a custom resource, as a real
 * apiserver does on every write: a missing field that has a default gets it, then defaulting goes
 * on inside objects and array items. Nothing else of the schema (types, enums, minimums) is
 * checked.
 */
final class SchemaDefaults {

  private SchemaDefaults() {}

  /** Fills in the defaults of {@code schema} in {@code value}, in place. */
  static void apply(JsonNode schema, JsonNode value) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
        JsonNode fallback = property.getValue().get("default");
        if (!object.has(property.getKey()) && fallback != null) {
          object.set(property.getKey(), fallback.deepCopy());
        }
        apply(property.getValue(), object.get(property.getKey()));
      }
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        object.values().forEach(v -> apply(additional, v));
      }
    } else if (value.isArray() && schema.has("items")) {
      value.values().forEach(item -> apply(schema.get("items"), item));
    }
  }
}
