package io.cronlog.devkube;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Where a request path points in the Kubernetes REST layout: group, version, namespace, resource,
 * name.
 */
record ResourcePath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource) {

  // "namespaces/<n>/status" is the status of a namespace, not a resource called "status" inside it.
  private static final Set<String> SUBRESOURCES = Set.of("status", "finalize", "scale");

  /**
   * The URL path of the collection a stored object is in, from its apiVersion and namespace and the
   * plural the store keyed it by ({@code key}).
   */
  static String collectionOf(AttributeSet key, JsonNode object) {
    String apiVersion = Json.text(object, "apiVersion");
    String plural =
        key.getAttribute(KubernetesAttributesExtractor.PLURAL).getValues().get(0).toString();
    String namespace = Json.text(object, "metadata", "namespace");
    return (apiVersion.contains("/") ? "/apis/" : "/api/")
        + apiVersion
        + (namespace == null || namespace.isEmpty() ? "" : "/namespaces/" + namespace)
        + "/"
        + plural;
  }

  /** Parses a path without its query; empty for discovery and other non-resource paths. */
  static Optional<ResourcePath> parse(String path) {
    List<String> s = Arrays.asList(path.split("/"));
    String group;
    int start;
    if (s.size() >= 3 && s.get(0).isEmpty() && s.get(1).equals("api")) {
      group = "";
      start = 3;
    } else if (s.size() >= 4 && s.get(0).isEmpty() && s.get(1).equals("apis")) {
      group = s.get(2);
      start = 4;
    } else {
      return Optional.empty();
    }
    String version = s.get(start - 1);
    List<String> rest = s.subList(start, s.size());
    String namespace = null;
    if (rest.size() >= 3
        && rest.get(0).equals("namespaces")
        && !SUBRESOURCES.contains(rest.get(2))) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3 || rest.contains("")) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourcePath(
            group,
            version,
            namespace,
            rest.get(0),
            rest.size() > 1 ? rest.get(1) : null,
            rest.size() > 2 ? rest.get(2) : null));
  }

  boolean isCollection() {
    return name == null;
  }

  boolean isStatus() {
    return "status".equals(subresource);
  }
}
