package io.cronlog.devkube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDR;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints kubectl and client-go read before anything else: {@code /version}, the legacy
 * discovery documents ({@code /api}, {@code /apis}, one resource list per group version) and the
 * OpenAPI documents (v3: {@link OpenApiV3}). Aggregated discovery is not offered: kubectl asks for
 * it, gets plain JSON and falls back to the legacy documents, as it does with older apiservers.
 */
final class Discovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  // kubectl validates (apply, create) only after fetching this. An empty protobuf document
  // means "no schemas": kubectl then skips client-side validation instead of failing.
  private static final Reply OPENAPI_V2 =
      new Reply(200, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf", "");

  private final ApiCatalog catalog;
  private final OpenApiV3 openApiV3;
  private final String serverAddress;

  Discovery(ApiCatalog catalog, OpenApiV3 openApiV3, String serverAddress) {
    this.catalog = catalog;
    this.openApiV3 = openApiV3;
    this.serverAddress = serverAddress;
  }

  /**
   * The answer for a GET of a discovery path; empty when the path is a resource path or unknown.
   */
  Optional<Reply> answer(String path) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    switch (p) {
      case "/version":
        return Optional.of(Reply.json(version()));
      case "/healthz", "/livez", "/readyz":
        return Optional.of(new Reply(200, "text/plain", "ok"));
      case "/openapi/v2":
        return Optional.of(OPENAPI_V2);
      case OpenApiV3.ROOT:
        return Optional.of(openApiV3.paths());
      case "/api":
        return Optional.of(
            Reply.json(
                Json.KUBERNETES.asJson(
                    new APIVersionsBuilder()
                        .withVersions("v1")
                        .withServerAddressByClientCIDRs(
                            new ServerAddressByClientCIDR("0.0.0.0/0", serverAddress))
                        .build())));
      case "/apis":
        return Optional.of(
            Reply.json(
                Json.KUBERNETES.asJson(new APIGroupListBuilder().withGroups(groups()).build())));
      default:
        return p.startsWith(OpenApiV3.ROOT + "/") ? openApiV3.answer(p) : groupOrVersion(p);
    }
  }

  private Optional<Reply> groupOrVersion(String path) {
    String[] s = path.split("/");
    if (s.length == 3 && s[1].equals("api")) {
      return resources("", s[2]);
    }
    if (s.length == 3 && s[1].equals("apis")) {
      return groups().stream()
          .filter(g -> g.getName().equals(s[2]))
          .findFirst()
          .map(g -> Reply.json(Json.KUBERNETES.asJson(g)));
    }
    if (s.length == 4 && s[1].equals("apis")) {
      return resources(s[2], s[3]);
    }
    return Optional.empty();
  }

  private Optional<Reply> resources(String group, String version) {
    List<APIResource> resources = new ArrayList<>();
    for (ResourceType t : catalog.all()) {
      if (t.group().equals(group) && t.version().equals(version)) {
        resources.add(
            new APIResourceBuilder()
                .withName(t.plural())
                .withSingularName(t.singular())
                .withNamespaced(t.namespaced())
                .withKind(t.kind())
                .withVerbs(VERBS)
                .withShortNames(t.shortNames().isEmpty() ? null : t.shortNames())
                .withCategories(t.categories().isEmpty() ? null : t.categories())
                .build());
        if (t.statusSubresource()) {
          resources.add(
              new APIResourceBuilder()
                  .withName(t.plural() + "/status")
                  .withSingularName("")
                  .withNamespaced(t.namespaced())
                  .withKind(t.kind())
                  .withVerbs(STATUS_VERBS)
                  .build());
        }
      }
    }
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    return Optional.of(
        Reply.json(
            Json.KUBERNETES.asJson(
                new APIResourceListBuilder()
                    .withGroupVersion(groupVersion)
                    .withResources(resources)
                    .build())));
  }

  private List<APIGroup> groups() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (ResourceType t : catalog.all()) {
      if (!t.group().isEmpty()) {
        List<String> known = versions.computeIfAbsent(t.group(), g -> new ArrayList<>());
        if (!known.contains(t.version())) {
          known.add(t.version());
        }
      }
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach(
        (group, list) -> {
          List<GroupVersionForDiscovery> all =
              list.stream().map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
          groups.add(
              new APIGroupBuilder()
                  .withName(group)
                  .withVersions(all)
                  .withPreferredVersion(all.get(0))
                  .build());
        });
    return groups;
  }

  private static String version() {
    return Json.write(
        Json.object()
            .put("major", "1")
            .put("minor", "32")
            .put("gitVersion", "v1.32.0-cronlog-dev")
            .put("gitCommit", "")
            .put("gitTreeState", "clean")
            .put("buildDate", "1970-01-01T00:00:00Z")
            .put("goVersion", "n/a")
            .put("compiler", "n/a")
            .put("platform", "cronlog/dev"));
  }
}
