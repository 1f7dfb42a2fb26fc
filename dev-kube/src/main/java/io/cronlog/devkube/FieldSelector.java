package io.cronlog.devkube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A field selector ({@code involvedObject.kind=ScheduledJob,type!=Normal}) over the fields a real
 * apiserver lets one select on for a kind. The mock store knows only {@code metadata.name} and
 * {@code metadata.namespace}; {@code kubectl describe} and {@code kubectl events} select Events by
 * the object they are about.
 */
final class FieldSelector {

  /** The selectable fields of core/v1 Events, as the apiserver's event strategy lists them. */
  static final Map<String, Function<JsonNode, String>> EVENT_FIELDS =
      Map.ofEntries(
          Map.entry("metadata.name", e -> text(e, "metadata", "name")),
          Map.entry("metadata.namespace", e -> text(e, "metadata", "namespace")),
          Map.entry("involvedObject.kind", e -> text(e, "involvedObject", "kind")),
          Map.entry("involvedObject.namespace", e -> text(e, "involvedObject", "namespace")),
          Map.entry("involvedObject.name", e -> text(e, "involvedObject", "name")),
          Map.entry("involvedObject.uid", e -> text(e, "involvedObject", "uid")),
          Map.entry("involvedObject.apiVersion", e -> text(e, "involvedObject", "apiVersion")),
          Map.entry(
              "involvedObject.resourceVersion", e -> text(e, "involvedObject", "resourceVersion")),
          Map.entry("involvedObject.fieldPath", e -> text(e, "involvedObject", "fieldPath")),
          Map.entry("reason", e -> text(e, "reason")),
          Map.entry("reportingComponent", e -> text(e, "reportingComponent")),
          // As the apiserver does: the old source component, else the reporting controller.
          Map.entry(
              "source",
              e ->
                  text(e, "source", "component").isEmpty()
                      ? text(e, "reportingComponent")
                      : text(e, "source", "component")),
          Map.entry("type", e -> text(e, "type")));

  private record Requirement(String field, boolean equal, String value) {}

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  /**
   * Parses {@code field=value}, {@code field==value} and {@code field!=value} terms separated by
   * commas, with {@code \} escaping a comma, an equals sign or itself in a value.
   *
   * @throws IllegalArgumentException naming the term that has no operator or a field outside {@code
   *     fields}
   */
  static FieldSelector parse(String selector, Map<String, Function<JsonNode, String>> fields) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitUnescaped(selector, ',')) {
      if (term.isBlank()) {
        continue;
      }
      int op = indexOfUnescaped(term, '=');
      if (op < 1) {
        throw new IllegalArgumentException(
            "invalid selector: '" + selector + "'; can't understand '" + term + "'");
      }
      boolean notEqual = term.charAt(op - 1) == '!';
      String field = term.substring(0, notEqual ? op - 1 : op).trim();
      int valueStart =
          !notEqual && op + 1 < term.length() && term.charAt(op + 1) == '=' ? op + 2 : op + 1;
      if (!fields.containsKey(field)) {
        throw new IllegalArgumentException("field label not supported: " + field);
      }
      requirements.add(new Requirement(field, !notEqual, unescape(term.substring(valueStart))));
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  /**
   * Whether an object has every field value the selector asks for, using the parse's {@code
   * fields}.
   */
  boolean matches(JsonNode object, Map<String, Function<JsonNode, String>> fields) {
    return requirements.stream()
        .allMatch(r -> fields.get(r.field()).apply(object).equals(r.value()) == r.equal());
  }

  /** The field selector of a request URI's query, decoded; empty when there is none. */
  static Optional<String> of(String uri) {
    return QueryParameter.of(uri, "fieldSelector");
  }

  /** The request URI without its field selector. */
  static String without(String uri) {
    return uri.replaceAll("([?&])fieldSelector=[^&]*&?", "$1").replaceAll("[?&]$", "");
  }

  private static String text(JsonNode node, String... path) {
    String value = Json.text(node, path);
    return value == null ? "" : value;
  }

  private static List<String> splitUnescaped(String s, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == separator) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static int indexOfUnescaped(String s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String value) {
    return value.replaceAll("\\\\([\\\\,=])", "$1");
  }
}
