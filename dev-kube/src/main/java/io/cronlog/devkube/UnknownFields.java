package io.cronlog.devkube;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a write of a custom resource is told about the fields its CRD's schema does not declare, as
 * kube-apiserver's create, update and patch handlers tell it. The fields are pruned ({@link
 * Pruning}) whatever the request's {@link FieldValidation}; Strict refuses the write instead, Warn
 * adds one warning per field ({@code unknown field "spec.x"}), Ignore says nothing.
 *
 * <p>Built-in kinds have no schema in this API, so their writes are stored as sent and never come
 * here. Duplicate fields in a body are not detected: the JSON parser keeps the last, in silence.
 */
final class UnknownFields {

  private static final Set<String> JSON_PATCH_OPERATION = Set.of("op", "path", "from", "value");

  /** The kind of options the API server checks a write's query parameters as. */
  enum Write {
    CREATE("CreateOptions"),
    UPDATE("UpdateOptions"),
    PATCH("PatchOptions");

    private final String optionsKind;

    Write(String optionsKind) {
      this.optionsKind = optionsKind;
    }
  }

  /**
   * How a write goes on: with {@code object}, pruned, and the text of a {@code Warning} for each
   * field its directive wants named; or, if {@code refusal} is present, not at all.
   */
  record Decoded(JsonNode object, List<String> warnings, Optional<Reply> refusal) {
    Decoded {
      warnings = List.copyOf(warnings);
    }
  }

  private UnknownFields() {}

  /**
   * A create's or an update's body of {@code crd}, at {@code uri}. With Strict, unknown fields are
   * a {@code 400 BadRequest}, as a body the decoder cannot take: {@code ScheduledJob in version
   * "v1" cannot be handled as a ScheduledJob: strict decoding error: unknown field "spec.x"}.
   */
  static Decoded ofBody(Write write, String uri, CrdVersion crd, JsonNode body) {
    Optional<FieldValidation> directive = FieldValidation.of(uri);
    if (directive.isEmpty()) {
      return refused(FieldValidation.unsupported(write.optionsKind, uri));
    }
    Pruning.Result pruned = Pruning.prune(crd.schema(), body);
    List<String> errors = messages(List.of(), pruned.unknownFields());
    if (directive.get() == FieldValidation.STRICT && !errors.isEmpty()) {
      String kind = orElse(Json.text(body, "kind"), crd.kind());
      String apiVersion = orElse(Json.text(body, "apiVersion"), crd.version());
      String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
      return refused(
          Reply.status(
              400,
              Statuses.status(
                  400,
                  "BadRequest",
                  kind
                      + " in version \""
                      + version
                      + "\" cannot be handled as a "
                      + crd.kind()
                      + ": "
                      + strictDecodingError(errors))));
    }
    return new Decoded(
        pruned.object(),
        directive.get() == FieldValidation.WARN ? errors : List.of(),
        Optional.empty());
  }

  /**
   * The object a JSON, merge or strategic merge patch of {@code crd} made, at {@code uri}. With
   * Strict, unknown fields are a {@code 422 Invalid} on {@code patch}, the patched object its
   * value, as the API server's JSON patcher answers: {@code "" is invalid: patch: Invalid value:
   * "{...}": strict decoding error: unknown field "spec.x"}.
   *
   * @param patchErrors the patch document's own strict errors ({@link #ofJsonPatch}), named first
   */
  static Decoded ofPatch(String uri, CrdVersion crd, JsonNode patched, List<String> patchErrors) {
    Optional<FieldValidation> directive = FieldValidation.of(uri);
    if (directive.isEmpty()) {
      return refused(FieldValidation.unsupported(Write.PATCH.optionsKind, uri));
    }
    Pruning.Result pruned = Pruning.prune(crd.schema(), patched);
    List<String> errors = messages(patchErrors, pruned.unknownFields());
    if (directive.get() == FieldValidation.STRICT && !errors.isEmpty()) {
      // Go encodes the patched object with its keys sorted.
      String json =
          Json.MAPPER
              .writer()
              .with(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
              .writeValueAsString(patched);
      FieldError error =
          FieldError.invalid(
              "patch", JsonNodeFactory.instance.stringNode(json), strictDecodingError(errors));
      return refused(Reply.status(422, FieldError.invalidStatus("", "", "", List.of(error))));
    }
    return new Decoded(
        pruned.object(),
        directive.get() == FieldValidation.WARN ? errors : List.of(),
        Optional.empty());
  }

  /**
   * The keys of a JSON patch's operations that no operation has: {@code json patch unknown field
   * "foo"}, each once.
   */
  static List<String> ofJsonPatch(JsonNode patch) {
    Set<String> errors = new LinkedHashSet<>();
    for (JsonNode operation : patch.values()) {
      for (Map.Entry<String, JsonNode> field : operation.properties()) {
        if (!JSON_PATCH_OPERATION.contains(field.getKey())) {
          errors.add("json patch unknown field \"" + field.getKey() + "\"");
        }
      }
    }
    return List.copyOf(errors);
  }

  private static List<String> messages(List<String> first, List<String> unknownFields) {
    List<String> messages = new ArrayList<>(first);
    unknownFields.forEach(path -> messages.add("unknown field \"" + path + "\""));
    return messages;
  }

  /** apimachinery's {@code runtime.NewStrictDecodingError(errors).Error()}. */
  private static String strictDecodingError(List<String> errors) {
    return "strict decoding error: " + String.join(", ", errors);
  }

  private static Decoded refused(Reply reply) {
    return new Decoded(null, List.of(), Optional.of(reply));
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
