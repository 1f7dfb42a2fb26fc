package io.cronlog.devkube;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drops from a custom resource the fields its CRD's structural schema does not declare, as
 * apiextensions-apiserver does to every custom resource it decodes, before defaulting and
 * validation, so that what is stored never holds them. Its three passes, in the order the API
 * server reports what they drop:
 *
 * <ol>
 *   <li>the object's {@code metadata} is read as an {@code ObjectMeta}, which keeps only the fields
 *       that type has ({@code objectmeta.GetObjectMetaWithOptions});
 *   <li>every other field is kept only where the schema declares it: under {@code properties}, as a
 *       value of {@code additionalProperties}, anywhere below {@code
 *       x-kubernetes-preserve-unknown-fields}, and {@code apiVersion}, {@code kind} and {@code
 *       metadata} of the object itself and of every {@code x-kubernetes-embedded-resource} ({@code
 *       pruning.PruneWithOptions});
 *   <li>the {@code metadata} of each embedded resource is read as an {@code ObjectMeta} too ({@code
 *       objectmeta.CoerceWithOptions}).
 * </ol>
 *
 * <p>Paths read as the API server writes them: {@code spec.containers[0].foo}, map keys after a dot
 * in the second pass. Each pass's paths are sorted, as there; duplicate fields in the JSON are not
 * detected (the parser keeps the last).
 */
final class Pruning {

  /**
   * Fields of an object that, at the root and in an embedded resource, the schema need not declare.
   */
  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /**
   * What {@code additionalProperties: true} declares: a field without a schema, below which nothing
   * is declared.
   */
  private static final JsonNode NONE = Json.object();

  /** The object as it will be stored, and where each field was that the schema does not declare. */
  record Result(JsonNode object, List<String> unknownFields) {
    Result {
      unknownFields = List.copyOf(unknownFields);
    }
  }

  private Pruning() {}

  /**
   * {@code object} pruned by {@code schema}, its CRD version's {@code openAPIV3Schema}, as a copy:
   * the argument stays as it was.
   */
  static Result prune(JsonNode schema, JsonNode object) {
    JsonNode copy = object.deepCopy();
    if (!copy.isObject()) {
      return new Result(copy, List.of());
    }
    List<String> unknown = new ArrayList<>(ObjectMetaFields.prune((ObjectNode) copy, "metadata"));
    List<String> bySchema = new ArrayList<>();
    // The object itself is treated as an embedded resource: its apiVersion, kind and metadata stay.
    prune(copy, schema, true, "", bySchema);
    Collections.sort(bySchema);
    unknown.addAll(bySchema);
    List<String> embedded = new ArrayList<>();
    embeddedMetadata(copy, schema, false, "", embedded);
    Collections.sort(embedded);
    unknown.addAll(embedded);
    return new Result(copy, unknown);
  }

  /** {@code schema} null means none: every field of an object below it is unknown. */
  private static void prune(
      JsonNode value, JsonNode schema, boolean embedded, String path, List<String> unknown) {
    if (schema != null && schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      keepUnknown(value, schema, embedded, path, unknown);
    } else if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
        String name = field.getKey();
        if (schema != null && embedded && META_FIELDS.contains(name)) {
          continue;
        }
        JsonNode declared = schema == null ? null : declared(schema, name);
        if (declared != null) {
          prune(
              field.getValue(),
              schemaOf(declared),
              isEmbedded(declared),
              child(path, name),
              unknown);
        } else {
          // At the root the decoder keeps apiVersion, kind and metadata apart, so their loss is not
          // news.
          if (schema == null || !META_FIELDS.contains(name) || !path.isEmpty()) {
            unknown.add(child(path, name));
          }
          object.remove(name);
        }
      }
    } else if (value.isArray()) {
      JsonNode items = schema == null ? null : schema.get("items");
      for (int i = 0; i < value.size(); i++) {
        prune(value.get(i), items, isEmbedded(items), path + "[" + i + "]", unknown);
      }
    }
  }

  /**
   * Below {@code x-kubernetes-preserve-unknown-fields}: unknown fields stay, declared ones are
   * pruned inside.
   */
  private static void keepUnknown(
      JsonNode value, JsonNode schema, boolean embedded, String path, List<String> unknown) {
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        JsonNode declared =
            embedded && META_FIELDS.contains(field.getKey())
                ? null
                : declared(schema, field.getKey());
        if (declared != null) {
          prune(
              field.getValue(),
              schemaOf(declared),
              isEmbedded(declared),
              child(path, field.getKey()),
              unknown);
        }
      }
    } else if (value.isArray() && schema.get("items") != null) {
      JsonNode items = schema.get("items");
      for (int i = 0; i < value.size(); i++) {
        keepUnknown(value.get(i), items, isEmbedded(items), path + "[" + i + "]", unknown);
      }
    }
  }

  /**
   * The third pass: the metadata of every embedded resource read as an ObjectMeta. Its paths are
   * apimachinery field paths, so a map key is written {@code [key]} here.
   */
  private static void embeddedMetadata(
      JsonNode value, JsonNode schema, boolean embedded, String path, List<String> unknown) {
    if (schema == null) {
      return;
    }
    if (value.isObject()) {
      if (embedded) {
        unknown.addAll(ObjectMetaFields.prune((ObjectNode) value, child(path, "metadata")));
      }
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        String name = field.getKey();
        if (properties.has(name)) {
          JsonNode property = properties.get(name);
          embeddedMetadata(
              field.getValue(), property, isEmbedded(property), child(path, name), unknown);
        } else if (additional != null && additional.isObject()) {
          embeddedMetadata(
              field.getValue(),
              additional,
              isEmbedded(additional),
              path + "[" + name + "]",
              unknown);
        }
      }
    } else if (value.isArray()) {
      JsonNode items = schema.get("items");
      for (int i = 0; i < value.size(); i++) {
        embeddedMetadata(value.get(i), items, isEmbedded(items), path + "[" + i + "]", unknown);
      }
    }
  }

  /**
   * The schema of field {@code name} of an object: its property, or the schema of {@code
   * additionalProperties}. {@code additionalProperties: true} declares the field without a schema
   * (a {@link #NONE}); null when the field is not declared at all.
   */
  private static JsonNode declared(JsonNode schema, String name) {
    JsonNode property = schema.path("properties").get(name);
    if (property != null) {
      return property;
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      return additional;
    }
    return additional != null && additional.asBoolean(false) ? NONE : null;
  }

  private static JsonNode schemaOf(JsonNode declared) {
    return declared == NONE ? null : declared;
  }

  private static boolean isEmbedded(JsonNode schema) {
    return schema != null && schema.path("x-kubernetes-embedded-resource").asBoolean(false);
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
