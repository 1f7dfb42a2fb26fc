package io.cronlog.devkube;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The validation a real API server does before it stores a custom resource: its CRD's OpenAPI
 * schema ({@link OpenApiValidation}), then, unless that found an error that leaves the object
 * without the shape the rules assume, its {@code x-kubernetes-validations} ({@link CelRules}). And
 * for a CRD, whether this API can enforce all of its schema: a CRD with a rule or keyword it cannot
 * check is refused, so that nothing is ever let through unchecked in silence.
 *
 * <p>Not thread-safe: the store calls it with its write lock held.
 */
final class Admission {

  /** apiextensions-apiserver's words when schema errors stop the rules from running. */
  static final String RULES_NOT_CHECKED =
      "some validation rules were not checked because the object was invalid;"
          + " correct the existing errors to complete validation";

  /** Compiled rules by {@link #refusal}'s key, kept for as long as this API runs. */
  private final Map<String, CelRules> rules = new HashMap<>();

  /**
   * What in {@code crd}'s schemas this API cannot enforce, each as an error at its place in the
   * CRD.
   */
  List<FieldError> crdProblems(JsonNode crd) {
    List<FieldError> problems = new ArrayList<>();
    JsonNode versions = crd.path("spec").path("versions");
    for (int i = 0; i < versions.size(); i++) {
      JsonNode schema = versions.get(i).path("schema").path("openAPIV3Schema");
      if (schema.isMissingNode()) {
        continue;
      }
      String path = "spec.versions[" + i + "].schema.openAPIV3Schema";
      OpenApiValidation.unchecked(schema, path)
          .forEach(
              keyword ->
                  problems.add(
                      new FieldError(
                          FieldError.FORBIDDEN,
                          keyword,
                          null,
                          "the dev Kubernetes API does not check this keyword")));
      CelRules.compile(schema, path, problems);
    }
    return problems;
  }

  /**
   * The {@code 422 Invalid} Status for {@code object}, a {@code kind} of {@code group} whose CRD
   * version has {@code schema}; empty when the object is valid.
   */
  Optional<String> refusal(String kind, String group, JsonNode schema, JsonNode object) {
    return refusal(kind, group, schema, Json.write(schema), object, null);
  }

  /**
   * As above, with the rules compiled once per {@code key}: a CRD version at one resourceVersion.
   * For an update of {@code old} (null for a create) the rules are ratcheted ({@link
   * CelRules#validate(JsonNode, JsonNode)}).
   */
  Optional<String> refusal(
      String kind, String group, JsonNode schema, String key, JsonNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>(OpenApiValidation.validate(schema, object));
    if (errors.stream().anyMatch(FieldError::blocksRules)) {
      errors.add(
          FieldError.invalid(
              FieldError.ROOT, JsonNodeFactory.instance.nullNode(), RULES_NOT_CHECKED));
    } else {
      errors.addAll(rules.computeIfAbsent(key, k -> compileOrFail(schema)).validate(object, old));
    }
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    String name = Optional.ofNullable(Json.text(object, "metadata", "name")).orElse("");
    return Optional.of(FieldError.invalidStatus(kind, group, name, errors));
  }

  /** The rules of a schema; {@link #crdProblems} let no CRD in whose rules would not compile. */
  private static CelRules compileOrFail(JsonNode schema) {
    List<FieldError> problems = new ArrayList<>();
    CelRules compiled = CelRules.compile(schema, "openAPIV3Schema", problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "a stored CRD has rules the dev Kubernetes API cannot evaluate: "
              + problems.stream().map(FieldError::message).toList());
    }
    return compiled;
  }
}
