package io.cronlog.devkube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON mappers the stand-in shares: plain trees, and fabric8's model serialization. */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();
  static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  private Json() {}

  static JsonNode read(String json) {
    return MAPPER.readTree(json);
  }

  static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A string field of an object, or null when absent or not a string. */
  static String text(JsonNode node, String... path) {
    JsonNode at = node;
    for (String field : path) {
      at = at.path(field);
    }
    return at.isString() ? at.stringValue() : null;
  }
}
