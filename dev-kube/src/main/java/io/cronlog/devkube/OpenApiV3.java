package io.cronlog.devkube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3 for the group versions that stored CRDs serve, which is what {@code kubectl explain}
 * reads: {@code /openapi/v3} lists one document per group version, and each document holds the
 * CRD's schema under the name a real apiserver gives it ({@code io.cronlog.v1.ScheduledJob}),
 * tagged with {@code x-kubernetes-group-version-kind}. Built-in kinds have no schema here.
 *
 * <p>Each kind has one path, that of one object, with two operations. Its {@code get} is where
 * explain learns the kind of the resource it was asked about. Its {@code patch} takes the {@code
 * fieldValidation} query parameter, as on a real apiserver: that is how kubectl learns that the
 * server checks unknown fields ({@link UnknownFields}), so that it validates nothing on the client
 * and, with {@code --validate=warn}, does not complain that warn validation is unsupported.
 * (kubectl sends the parameter either way.) Other operations and parameters are not described.
 */
final class OpenApiV3 {

  static final String ROOT = "/openapi/v3";

  /** The parameter's description in every Kubernetes 1.32 OpenAPI document. */
  private static final String FIELD_VALIDATION =
      "fieldValidation instructs the server on how to handle objects in "
          + "the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will "
          + "ignore any unknown fields that are silently dropped from the object, and will ignore all but the last "
          + "duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will "
          + "send a warning via the standard warning response header for each unknown field that is dropped from the "
          + "object, and for each duplicate field that is encountered. The request will still succeed if there are no "
          + "other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - "
          + "Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the "
          + "object, or if any duplicate fields are present. The error returned from the server will contain all "
          + "unknown and duplicate fields encountered.";

  private final CrudStore store;

  OpenApiV3(CrudStore store) {
    this.store = store;
  }

  /**
   * The discovery document: each group version with its document's URL, whose hash changes with the
   * CRDs.
   */
  Reply paths() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    for (JsonNode version : servedVersions()) {
      String groupVersion = Json.text(version, "group") + "/" + Json.text(version, "version");
      if (!paths.has("apis/" + groupVersion)) {
        String hash = hash(document(groupVersion).orElseThrow());
        paths
            .putObject("apis/" + groupVersion)
            .put("serverRelativeURL", ROOT + "/apis/" + groupVersion + "?hash=" + hash);
      }
    }
    return Reply.json(Json.write(root));
  }

  /** The document of {@code /openapi/v3/apis/<group>/<version>}; empty when no CRD serves it. */
  Optional<Reply> answer(String path) {
    if (!path.startsWith(ROOT + "/apis/")) {
      return Optional.empty();
    }
    return document(path.substring((ROOT + "/apis/").length())).map(Reply::json);
  }

  private Optional<String> document(String groupVersion) {
    ObjectNode schemas = Json.object();
    for (JsonNode version : servedVersions()) {
      if (groupVersion.equals(Json.text(version, "group") + "/" + Json.text(version, "version"))) {
        schemas.set(schemaName(version), schema(version));
      }
    }
    if (schemas.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = Json.object().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
    ObjectNode paths = doc.putObject("paths");
    for (JsonNode version : servedVersions()) {
      if (groupVersion.equals(Json.text(version, "group") + "/" + Json.text(version, "version"))) {
        String scope = version.path("namespaced").asBoolean() ? "/namespaces/{namespace}/" : "/";
        ObjectNode path =
            paths.putObject(
                "/apis/" + groupVersion + scope + Json.text(version, "plural") + "/{name}");
        operation(path, "get", version);
        operation(path, "patch", version)
            .putArray("parameters")
            .addObject()
            .put("name", FieldValidation.PARAMETER)
            .put("in", "query")
            .put("description", FIELD_VALIDATION)
            .putObject("schema")
            .put("type", "string")
            .put("uniqueItems", true);
      }
    }
    doc.putObject("components").set("schemas", schemas);
    return Optional.of(Json.write(doc));
  }

  private static ObjectNode operation(ObjectNode path, String action, JsonNode version) {
    ObjectNode operation = path.putObject(action).put("x-kubernetes-action", action);
    operation.set("x-kubernetes-group-version-kind", gvk(version));
    operation.putObject("responses").putObject("200").put("description", "OK");
    return operation;
  }

  /**
   * The CRD version's schema, with apiVersion, kind and metadata described as in every Kubernetes
   * object.
   */
  private static JsonNode schema(JsonNode version) {
    ObjectNode schema = (ObjectNode) version.path("schema").deepCopy();
    ObjectNode properties =
        schema.has("properties")
            ? (ObjectNode) schema.get("properties")
            : schema.putObject("properties");
    properties
        .putObject("apiVersion")
        .put("type", "string")
        .put(
            "description",
            "APIVersion defines the versioned "
                + "schema of this representation of an object. Servers should convert recognized schemas to the latest "
                + "internal value, and may reject unrecognized values. More info: "
                + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources");
    properties
        .putObject("kind")
        .put("type", "string")
        .put(
            "description",
            "Kind is a string value representing the "
                + "REST resource this object represents. Servers may infer this from the endpoint the client submits "
                + "requests to. Cannot be updated. In CamelCase. More info: "
                + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds");
    properties
        .putObject("metadata")
        .put("type", "object")
        .put(
            "description",
            "Standard object's metadata. More info: "
                + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
    schema.putArray("x-kubernetes-group-version-kind").add(gvk(version));
    return schema;
  }

  private static ObjectNode gvk(JsonNode version) {
    return Json.object()
        .put("group", Json.text(version, "group"))
        .put("kind", Json.text(version, "kind"))
        .put("version", Json.text(version, "version"));
  }

  /** Reversed group, version and kind, as the apiserver names a CRD's schema. */
  private static String schemaName(JsonNode version) {
    List<String> parts = new ArrayList<>(List.of(Json.text(version, "group").split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts)
        + "."
        + Json.text(version, "version")
        + "."
        + Json.text(version, "kind");
  }

  /**
   * Each served version of each stored CRD: group, version, kind, plural, scope and its
   * openAPIV3Schema.
   */
  private List<JsonNode> servedVersions() {
    List<JsonNode> versions = new ArrayList<>();
    for (String json : store.list(CrudStore.CRDS)) {
      JsonNode spec = Json.read(json).path("spec");
      for (JsonNode version : spec.path("versions").values()) {
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        if (version.path("served").asBoolean(false) && schema.isObject()) {
          versions.add(
              Json.object()
                  .put("group", Json.text(spec, "group"))
                  .put("version", Json.text(version, "name"))
                  .put("kind", Json.text(spec, "names", "kind"))
                  .put("plural", Json.text(spec, "names", "plural"))
                  .put("namespaced", "Namespaced".equals(Json.text(spec, "scope")))
                  .set("schema", schema));
        }
      }
    }
    return versions;
  }

  private static String hash(String document) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest, 0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
