package io.cronlog.devkube;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks a custom resource against its CRD's structural OpenAPI schema, with the API server's
 * messages (kube-openapi's, converted to field errors as apiextensions-apiserver converts them):
 * type, nullable, int-or-string, required, enum, minimum and maximum (and their exclusive forms),
 * minLength and maxLength, pattern, minItems and maxItems, minProperties and maxProperties.
 *
 * <p>What it does not check, {@link #unchecked} names, so that a CRD relying on it is refused when
 * it is created rather than its rule silently ignored. Fields the schema does not know are not its
 * concern: as in the API server, {@link Pruning} has removed them before defaulting and validation,
 * and the request's fieldValidation has decided what the writer hears of them ({@link
 * UnknownFields}).
 */
final class OpenApiValidation {

  /** Keywords that constrain values and are checked here, or describe and constrain nothing. */
  private static final Set<String> KNOWN =
      Set.of(
          "type",
          "nullable",
          "x-kubernetes-int-or-string",
          "required",
          "enum",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "minLength",
          "maxLength",
          "pattern",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties",
          "properties",
          "additionalProperties",
          "items",
          "x-kubernetes-preserve-unknown-fields",
          "x-kubernetes-validations",
          "x-kubernetes-embedded-resource",
          "x-kubernetes-map-type",
          "description",
          "default",
          "example",
          "title",
          "externalDocs",
          "format",
          "anyOf");

  /**
   * Formats of numbers only name their size; kube-openapi checks string formats, which we do not.
   */
  private static final Set<String> NUMBER_FORMATS = Set.of("int32", "int64", "float", "double");

  private OpenApiValidation() {}

  /** Every error of {@code value} against {@code schema}, the object itself at the root. */
  static List<FieldError> validate(JsonNode schema, JsonNode value) {
    List<FieldError> errors = new ArrayList<>();
    check(schema, value, "", errors);
    return errors;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    if (value.isNull()) {
      // Valid where the schema is nullable; elsewhere the API server prunes it before validating.
      return;
    }
    if (!typeMatches(schema, value)) {
      String expected =
          schema.path("x-kubernetes-int-or-string").asBoolean(false)
              ? "integer,string"
              : schema.path("type").asString("");
      errors.add(
          new FieldError(
              FieldError.TYPE_INVALID,
              field(path),
              text(typeOf(value)),
              inBody(path) + " must be of type " + expected + ": \"" + typeOf(value) + "\""));
      return;
    }
    if (schema.has("enum") && !schema.get("enum").valueStream().anyMatch(value::equals)) {
      String allowed =
          schema
              .get("enum")
              .valueStream()
              .map(v -> v.isString() ? "\"" + v.stringValue() + "\"" : "\"" + Json.write(v) + "\"")
              .collect(Collectors.joining(", "));
      errors.add(
          new FieldError(
              FieldError.NOT_SUPPORTED, field(path), value, "supported values: " + allowed));
    }
    if (value.isNumber()) {
      number(schema, value, path, errors);
    } else if (value.isString()) {
      string(schema, value, path, errors);
    } else if (value.isArray()) {
      sized(schema, value, path, "Items", "items", errors);
      JsonNode items = schema.get("items");
      for (int i = 0; items != null && i < value.size(); i++) {
        check(items, value.get(i), path + "[" + i + "]", errors);
      }
    } else if (value.isObject()) {
      object(schema, value, path, errors);
    }
  }

  private static void object(
      JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    for (JsonNode required : schema.path("required").values()) {
      JsonNode present = value.get(required.asString());
      if (present == null
          || present.isNull()
              && !schema
                  .path("properties")
                  .path(required.asString())
                  .path("nullable")
                  .asBoolean(false)) {
        errors.add(FieldError.required(field(child(path, required.asString())), ""));
      }
    }
    sized(schema, value, path, "Properties", "properties", errors);
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (properties.has(entry.getKey())) {
        check(
            properties.get(entry.getKey()), entry.getValue(), child(path, entry.getKey()), errors);
      } else if (additional != null && additional.isObject()) {
        check(additional, entry.getValue(), path + "[" + entry.getKey() + "]", errors);
      }
    }
  }

  private static void number(
      JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    double n = value.asDouble();
    if (schema.has("minimum")) {
      double min = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? n <= min : n < min) {
        errors.add(
            FieldError.invalid(
                field(path),
                value,
                inBody(path)
                    + " should be greater than "
                    + (exclusive ? "" : "or equal to ")
                    + plain(min)));
      }
    }
    if (schema.has("maximum")) {
      double max = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? n >= max : n > max) {
        errors.add(
            FieldError.invalid(
                field(path),
                value,
                inBody(path)
                    + " should be less than "
                    + (exclusive ? "" : "or equal to ")
                    + plain(max)));
      }
    }
  }

  private static void string(
      JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    String s = value.stringValue();
    // kube-openapi counts runes (code points), not bytes, though the message says bytes.
    int length = s.codePointCount(0, s.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
      errors.add(
          new FieldError(
              FieldError.TOO_LONG,
              field(path),
              null,
              "may not be more than " + schema.get("maxLength").asLong() + " bytes"));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
      errors.add(
          FieldError.invalid(
              field(path),
              value,
              inBody(path)
                  + " should be at least "
                  + schema.get("minLength").asLong()
                  + " chars long"));
    }
    // RE2, as the API server's Go regexp: java.util.regex would read some patterns differently.
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asString()).matcher(s).find()) {
      errors.add(
          FieldError.invalid(
              field(path),
              value,
              inBody(path) + " should match '" + schema.get("pattern").asString() + "'"));
    }
  }

  /** minItems/maxItems or minProperties/maxProperties. */
  private static void sized(
      JsonNode schema,
      JsonNode value,
      String path,
      String what,
      String noun,
      List<FieldError> errors) {
    int size = value.size();
    if (schema.has("max" + what) && size > schema.get("max" + what).asLong()) {
      errors.add(
          new FieldError(
              FieldError.TOO_MANY,
              field(path),
              text(String.valueOf(size)),
              "must have at most " + schema.get("max" + what).asLong() + " " + noun));
    }
    if (schema.has("min" + what) && size < schema.get("min" + what).asLong()) {
      errors.add(
          FieldError.invalid(
              field(path),
              value,
              inBody(path)
                  + " should have at least "
                  + schema.get("min" + what).asLong()
                  + " "
                  + noun));
    }
  }

  /**
   * What in {@code schema} this class does not check, one line per keyword and place; empty when it
   * checks everything. {@code anyOf} is known only in the shape the int-or-string types have.
   */
  static List<String> unchecked(JsonNode schema, String path) {
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
      String name = keyword.getKey();
      boolean ok =
          KNOWN.contains(name)
              && !(name.equals("anyOf")
                  && !schema.path("x-kubernetes-int-or-string").asBoolean(false))
              && !(name.equals("format")
                  && !NUMBER_FORMATS.contains(keyword.getValue().asString("")));
      if (!ok) {
        found.add(path + "." + name);
      }
    }
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      found.addAll(unchecked(property.getValue(), path + ".properties[" + property.getKey() + "]"));
    }
    if (schema.path("items").isObject()) {
      found.addAll(unchecked(schema.get("items"), path + ".items"));
    }
    if (schema.path("additionalProperties").isObject()) {
      found.addAll(unchecked(schema.get("additionalProperties"), path + ".additionalProperties"));
    }
    return found;
  }

  private static boolean typeMatches(JsonNode schema, JsonNode value) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return value.isIntegralNumber() || value.isString();
    }
    return switch (schema.path("type").asString("")) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isString();
      case "integer" ->
          value.isIntegralNumber()
              || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true; // no type: only under x-kubernetes-preserve-unknown-fields
    };
  }

  private static String typeOf(JsonNode value) {
    if (value.isObject()) {
      return "object";
    } else if (value.isArray()) {
      return "array";
    } else if (value.isString()) {
      return "string";
    } else if (value.isBoolean()) {
      return "boolean";
    }
    return value.isIntegralNumber() ? "integer" : "number";
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static JsonNode text(String s) {
    return JsonNodeFactory.instance.stringNode(s);
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String field(String path) {
    return path.isEmpty() ? FieldError.ROOT : path;
  }

  private static String inBody(String path) {
    return path.isEmpty() ? "body" : path + " in body";
  }
}
