package io.cronlog.devkube;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One validation error, as apimachinery's {@code field.Error}: a cause type ({@code
 * FieldValueInvalid}), the field ({@code spec.schedule}, or {@code <nil>} for the object itself, as
 * the API server writes it), the bad value, and a detail. {@link #body()} is its {@code
 * ErrorBody()}, so the messages read as a real API server's.
 *
 * @param value the bad value shown after the type; null for types that show none
 */
record FieldError(String type, String field, JsonNode value, String detail) {

  static final String INVALID = "FieldValueInvalid";
  static final String REQUIRED = "FieldValueRequired";
  static final String NOT_SUPPORTED = "FieldValueNotSupported";
  static final String TYPE_INVALID = "FieldValueTypeInvalid";
  static final String TOO_LONG = "FieldValueTooLong";
  static final String TOO_MANY = "FieldValueTooMany";
  static final String FORBIDDEN = "FieldValueForbidden";
  static final String DUPLICATE = "FieldValueDuplicate";

  /** The field of an error on the whole object: apimachinery prints a nil path so. */
  static final String ROOT = "<nil>";

  static FieldError invalid(String field, JsonNode value, String detail) {
    return new FieldError(INVALID, field, value, detail);
  }

  static FieldError required(String field, String detail) {
    return new FieldError(REQUIRED, field, null, detail);
  }

  /**
   * Whether the API server skips CEL rules after this error: the object lacks the shape they
   * assume.
   */
  boolean blocksRules() {
    return List.of(NOT_SUPPORTED, REQUIRED, TOO_LONG, TOO_MANY, TYPE_INVALID).contains(type);
  }

  /**
   * {@code field.Error.ErrorBody()}: the type's words, the value for those that show it, the
   * detail.
   */
  String body() {
    String words =
        switch (type) {
          case REQUIRED -> "Required value";
          case NOT_SUPPORTED -> "Unsupported value";
          case TOO_LONG -> "Too long";
          case TOO_MANY -> "Too many";
          case FORBIDDEN -> "Forbidden";
          case DUPLICATE -> "Duplicate value";
          default -> "Invalid value";
        };
    String body = value == null ? words : words + ": " + show(value);
    return detail == null || detail.isEmpty() ? body : body + ": " + detail;
  }

  /** {@code field: body}, as in the message of an Invalid Status. */
  String message() {
    return field + ": " + body();
  }

  /** Go's {@code %v} for numbers and booleans, {@code %q} for strings, JSON for the rest. */
  static String show(JsonNode value) {
    return value.isNull() ? "\"null\"" : Json.write(value);
  }

  /**
   * The {@code 422 Invalid} Status an API server answers with: the errors as {@code
   * details.causes}, and a message {@code <Kind>.<group> "<name>" is invalid: <error>} ({@code [e1,
   * e2]} for more).
   */
  static String invalidStatus(String kind, String group, String name, List<FieldError> errors) {
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    String joined =
        errors.size() == 1
            ? errors.get(0).message()
            : errors.stream().map(FieldError::message).collect(Collectors.joining(", ", "[", "]"));
    ObjectNode status =
        (ObjectNode)
            Json.read(
                Statuses.status(
                    422, "Invalid", qualified + " \"" + name + "\" is invalid: " + joined));
    ObjectNode details = status.putObject("details");
    details.put("name", name).put("group", group).put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    errors.forEach(
        e ->
            causes
                .addObject()
                .put("reason", e.type())
                .put("message", e.body())
                .put("field", e.field()));
    return Json.write(status);
  }
}
