package io.cronlog.devkube;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The simple JSONPaths that CRD printer columns allow ({@code .spec.schedule}, {@code
 * .status.active[*].name}, {@code .metadata.labels['app\.kubernetes\.io/name']}, {@code .items[0]})
 * and equality filters ({@code .status.conditions[?(@.type=="Ready")].status}); no other filters,
 * no recursive descent.
 */
final class SimpleJsonPath {

  private static final Pattern FILTER =
      Pattern.compile("\\?\\(\\s*@((?:\\.\\w+)+)\\s*==\\s*(['\"])(.*)\\2\\s*\\)");

  /** Filter steps are kept as {@code [?<field path>==<value>]}. */
  private static final String FILTER_STEP = "[?";

  private final List<String> steps;

  private SimpleJsonPath(List<String> steps) {
    this.steps = steps;
  }

  static SimpleJsonPath parse(String expression) {
    String p = expression.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    List<String> steps = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        StringBuilder name = new StringBuilder();
        i++;
        while (i < p.length() && p.charAt(i) != '.' && p.charAt(i) != '[') {
          if (p.charAt(i) == '\\' && i + 1 < p.length()) {
            i++;
          }
          name.append(p.charAt(i++));
        }
        if (!name.isEmpty()) {
          steps.add(name.toString());
        }
      } else if (c == '[') {
        int end = p.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed [ in JSONPath " + expression);
        }
        String inside = p.substring(i + 1, end).trim();
        if (inside.length() >= 2 && (inside.startsWith("'") || inside.startsWith("\""))) {
          steps.add(inside.substring(1, inside.length() - 1).replace("\\.", "."));
        } else if (inside.startsWith("?")) {
          Matcher filter = FILTER.matcher(inside);
          if (!filter.matches()) {
            throw new IllegalArgumentException("unsupported JSONPath filter in " + expression);
          }
          steps.add(FILTER_STEP + filter.group(1).substring(1) + "==" + filter.group(3) + "]");
        } else {
          steps.add("[" + inside + "]");
        }
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath " + expression);
      }
    }
    return new SimpleJsonPath(List.copyOf(steps));
  }

  /** Every value the path reaches, in document order; empty when it reaches nothing. */
  List<JsonNode> evaluate(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (String step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (step.equals("[*]")) {
          node.values().forEach(next::add);
        } else if (step.startsWith(FILTER_STEP)) {
          node.values().stream().filter(item -> matches(item, step)).forEach(next::add);
        } else if (step.startsWith("[") && node.isArray()) {
          int index = Integer.parseInt(step.substring(1, step.length() - 1));
          JsonNode at = node.get(index < 0 ? node.size() + index : index);
          if (at != null) {
            next.add(at);
          }
        } else if (node.isObject() && node.has(step)) {
          next.add(node.get(step));
        }
      }
      current = next;
    }
    return current;
  }

  /** Whether an array item has the value a filter step asks for at the filter's field path. */
  private static boolean matches(JsonNode item, String filterStep) {
    String filter = filterStep.substring(FILTER_STEP.length(), filterStep.length() - 1);
    int equals = filter.indexOf("==");
    JsonNode at = item;
    for (String field : filter.substring(0, equals).split("\\.")) {
      at = at.path(field);
    }
    return at.isValueNode() && at.asString().equals(filter.substring(equals + 2));
  }
}
