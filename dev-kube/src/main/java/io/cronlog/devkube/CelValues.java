package io.cronlog.devkube;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** JSON as the values CEL for Java reads: maps, lists, Long, Double, String, Boolean, null. */
final class CelValues {

  private CelValues() {}

  /**
   * The CEL value of {@code value}. Null fields are left out, as the API server prunes them. At a
   * resource root, {@code metadata} keeps only {@code name} and {@code generateName}: all a rule
   * may see of it in a real API server.
   */
  static Object of(JsonNode value, boolean resourceRoot) {
    Object converted = of(value);
    if (resourceRoot
        && converted instanceof Map<?, ?> map
        && map.get("metadata") instanceof Map<?, ?> metadata) {
      Map<String, Object> visible = new LinkedHashMap<>();
      for (String key : List.of("name", "generateName")) {
        if (metadata.containsKey(key)) {
          visible.put(key, metadata.get(key));
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) map;
      object.put("metadata", visible);
    }
    return converted;
  }

  private static Object of(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value
          .properties()
          .forEach(
              e -> {
                if (!e.getValue().isNull()) {
                  map.put(e.getKey(), of(e.getValue()));
                }
              });
      return map;
    } else if (value.isArray()) {
      List<Object> list = new ArrayList<>(value.size());
      value.values().forEach(item -> list.add(of(item)));
      return list;
    } else if (value.isString()) {
      return value.stringValue();
    } else if (value.isBoolean()) {
      return value.booleanValue();
    } else if (value.isIntegralNumber()) {
      return value.asLong();
    } else if (value.isNumber()) {
      return value.asDouble();
    }
    return NullValue.NULL_VALUE; // an item of a nullable array
  }
}
