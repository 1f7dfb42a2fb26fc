package io.cronlog.devkube;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The version of a custom resource that the stored CRDs define, read from them once and forgotten
 * at every CRD write. Not thread-safe: the store uses it with its write lock held.
 */
final class CrdVersions {

  private final Function<String, List<String>> list;

  /** What {@link #read} found, by group, plural and version. */
  private final Map<String, Optional<CrdVersion>> found = new HashMap<>();

  /**
   * @param list the stored objects a list request for a collection answers
   */
  CrdVersions(Function<String, List<String>> list) {
    this.list = list;
  }

  static boolean isCrdType(ResourcePath path) {
    return path.group().equals("apiextensions.k8s.io")
        && path.plural().equals("customresourcedefinitions");
  }

  Optional<CrdVersion> of(String uri) {
    return ResourcePath.parse(CrudStore.pathOf(uri)).flatMap(this::of);
  }

  Optional<CrdVersion> of(ResourcePath path) {
    // Jobs and Events are most of the writes; no CRD can define a built-in, so none is read for
    // them.
    if (BuiltInResources.ALL.stream()
        .anyMatch(
            type -> type.group().equals(path.group()) && type.plural().equals(path.plural()))) {
      return Optional.empty();
    }
    return found.computeIfAbsent(
        path.group() + "/" + path.plural() + "/" + path.version(), key -> read(path));
  }

  /** Every CRD write, the collector's deletions too, makes the versions found before unknown. */
  void forgetIfWritten(String uri) {
    if (ResourcePath.parse(CrudStore.pathOf(uri)).filter(CrdVersions::isCrdType).isPresent()) {
      found.clear();
    }
  }

  /**
   * The version from the CRDs stored now. Listing them scans every object of the store, and a write
   * of a custom resource asks three times (decode, defaults, admission): during a burst of status
   * writes that was half of the dev API's CPU, hence {@link #found}.
   */
  private Optional<CrdVersion> read(ResourcePath path) {
    for (String json : list.apply(CrudStore.CRDS)) {
      JsonNode crd = Json.read(json);
      JsonNode spec = crd.path("spec");
      if (path.group().equals(Json.text(spec, "group"))
          && path.plural().equals(Json.text(spec, "names", "plural"))) {
        for (JsonNode version : spec.path("versions").values()) {
          if (path.version().equals(Json.text(version, "name"))) {
            return Optional.of(
                new CrdVersion(
                    Json.text(spec, "names", "kind"),
                    path.group(),
                    path.version(),
                    version.path("schema").path("openAPIV3Schema"),
                    version.path("subresources").has("status"),
                    Json.text(crd, "metadata", "uid")
                        + "/"
                        + path.version()
                        + "@"
                        + Json.text(crd, "metadata", "resourceVersion")));
          }
        }
      }
    }
    return Optional.empty();
  }
}
