package io.cronlog.devkube;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of {@code metav1.ObjectMeta} (Kubernetes 1.32), which is all the API server keeps of a
 * custom resource's {@code metadata}, whatever the CRD's schema says: it reads the metadata into
 * that Go type, strictly, and writes it back. Labels, annotations and {@code fieldsV1} are
 * free-form.
 */
final class ObjectMetaFields {

  private static final Set<String> OBJECT_META =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");
  private static final Map<String, Set<String>> LIST_ITEMS =
      Map.of(
          "ownerReferences",
              Set.of("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"),
          "managedFields",
              Set.of(
                  "manager",
                  "operation",
                  "apiVersion",
                  "time",
                  "fieldsType",
                  "fieldsV1",
                  "subresource"));

  private ObjectMetaFields() {}

  /**
   * Drops, in place, what {@code resource.metadata} has that ObjectMeta has not, and returns where
   * each was: {@code <metadataPath>.<field>}, in the order they came. As the strict JSON decoder
   * reports them, a path inside a list names no index ({@code metadata.ownerReferences.foo}) and is
   * reported once.
   */
  static List<String> prune(ObjectNode resource, String metadataPath) {
    JsonNode metadata = resource.get("metadata");
    Set<String> unknown = new LinkedHashSet<>();
    if (metadata instanceof ObjectNode meta) {
      for (Map.Entry<String, JsonNode> field : List.copyOf(meta.properties())) {
        String name = field.getKey();
        if (!OBJECT_META.contains(name)) {
          unknown.add(metadataPath + "." + name);
          meta.remove(name);
        } else if (LIST_ITEMS.containsKey(name) && field.getValue().isArray()) {
          for (JsonNode item : field.getValue()) {
            dropUnknown(item, LIST_ITEMS.get(name), metadataPath + "." + name, unknown);
          }
        }
      }
    }
    return List.copyOf(unknown);
  }

  private static void dropUnknown(
      JsonNode item, Set<String> known, String path, Set<String> unknown) {
    if (item instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
        if (!known.contains(field.getKey())) {
          unknown.add(path + "." + field.getKey());
          object.remove(field.getKey());
        }
      }
    }
  }
}
