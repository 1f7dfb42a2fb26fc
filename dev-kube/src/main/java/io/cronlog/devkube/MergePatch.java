package io.cronlog.devkube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7386), and an approximation of strategic merge patch: the stand-in has no
 * Go type information, so lists of objects that all carry a {@code name} merge by name (containers,
 * env, volumes), {@code $patch: delete} removes an element, other {@code $} directives are dropped,
 * and every other list is replaced.
 */
final class MergePatch {

  private MergePatch() {}

  static JsonNode json(JsonNode target, JsonNode patch) {
    return apply(target, patch, false);
  }

  static JsonNode strategic(JsonNode target, JsonNode patch) {
    return apply(target, patch, true);
  }

  private static JsonNode apply(JsonNode target, JsonNode patch, boolean strategic) {
    if (strategic && patch.isArray() && target != null && target.isArray() && namedObjects(patch)) {
      return mergeByName((ArrayNode) target, (ArrayNode) patch);
    }
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.object();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String key = field.getKey();
      if (strategic && key.startsWith("$")) {
        continue;
      }
      if (field.getValue().isNull()) {
        result.remove(key);
      } else {
        result.set(key, apply(result.get(key), field.getValue(), strategic));
      }
    }
    return result;
  }

  private static boolean namedObjects(JsonNode array) {
    for (JsonNode element : array.values()) {
      if (!element.isObject() || !element.path("name").isString()) {
        return false;
      }
    }
    return !array.isEmpty();
  }

  private static JsonNode mergeByName(ArrayNode target, ArrayNode patch) {
    Map<String, JsonNode> merged = new LinkedHashMap<>();
    for (JsonNode element : target.values()) {
      merged.put(element.path("name").asString(""), element);
    }
    List<String> deleted = new ArrayList<>();
    for (JsonNode element : patch.values()) {
      String name = element.path("name").asString("");
      if ("delete".equals(element.path("$patch").asString(""))) {
        deleted.add(name);
      } else {
        merged.put(name, apply(merged.get(name), element, true));
      }
    }
    deleted.forEach(merged::remove);
    ArrayNode result = Json.MAPPER.createArrayNode();
    merged.values().forEach(result::add);
    return result;
  }
}
