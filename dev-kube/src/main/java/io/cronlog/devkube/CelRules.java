package io.cronlog.devkube;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code x-kubernetes-validations} of one CRD schema, compiled once with CEL for Java and
 * evaluated as apiextensions-apiserver evaluates them: each rule with {@code self} bound to the
 * value at its place (every item of an array, every value of a map), skipped where the value is
 * absent or null; at the resource root {@code self.metadata} holds only {@code name} and {@code
 * generateName}. A false rule gives its message (or {@code messageExpression}) at the rule's place
 * or {@code fieldPath}, with its {@code reason}; a rule that fails to evaluate gives the error.
 *
 * <p>The environment is standard CEL with the strings, sets, bindings and optional-types
 * extensions, all of which Kubernetes 1.32 offers. {@code self} is untyped, so a type error shows
 * when the rule runs, not when the CRD is created. Not offered, so refused when the CRD is created
 * (see {@link #compile}): transition rules ({@code oldSelf}), and Kubernetes' own libraries (lists'
 * {@code isSorted}, regex {@code find}, {@code url}, {@code quantity}, {@code ip}, {@code cidr},
 * {@code format}). No cost budget is kept.
 */
final class CelRules {

  private static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(
              CelExtensions.strings(),
              CelExtensions.sets(OPTIONS),
              CelExtensions.bindings(),
              CelExtensions.optional())
          .addRuntimeLibraries(
              CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.optional())
          .addVar("self", SimpleType.DYN)
          .build();
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

  /** A compiled rule and where its errors go. */
  private record Rule(
      String text,
      Program program,
      Program messageExpression,
      String message,
      String reason,
      String fieldPath) {}

  /** The rules at one schema node, and the nodes below it that hold rules. */
  private record Node(
      String type,
      boolean root,
      List<Rule> rules,
      Map<String, Node> properties,
      Node items,
      Node additional) {}

  private final Node root;

  private CelRules(Node root) {
    this.root = root;
  }

  /**
   * Compiles every rule of {@code schema}. A rule this API cannot evaluate is returned as an error
   * at {@code path} (the schema's place in the CRD) rather than ever being skipped.
   */
  static CelRules compile(JsonNode schema, String path, List<FieldError> problems) {
    return new CelRules(node(schema, path, true, problems));
  }

  /** The errors of the rules on {@code object}, the whole custom resource. */
  List<FieldError> validate(JsonNode object) {
    return validate(object, null);
  }

  /**
   * The errors of the rules on {@code object}, an update of {@code old} (null for a create). As
   * Kubernetes ratchets validation since 1.30, a rule on a value the update leaves as it was is not
   * evaluated: so a status write neither fails on a spec stored under older rules nor pays for the
   * spec's rules. Values are matched by field and map key; the items of a changed list are all
   * evaluated.
   */
  List<FieldError> validate(JsonNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>();
    if (root != null) {
      visit(root, object, old, "", errors);
    }
    return errors;
  }

  private static Node node(JsonNode schema, String path, boolean root, List<FieldError> problems) {
    List<Rule> rules = new ArrayList<>();
    JsonNode declared = schema.path("x-kubernetes-validations");
    for (int i = 0; i < declared.size(); i++) {
      Rule rule = rule(declared.get(i), path + ".x-kubernetes-validations[" + i + "]", problems);
      if (rule != null) {
        rules.add(rule);
      }
    }
    Map<String, Node> properties = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      Node child =
          node(
              property.getValue(),
              path + ".properties[" + property.getKey() + "]",
              property.getValue().path("x-kubernetes-embedded-resource").asBoolean(false),
              problems);
      if (child != null) {
        properties.put(property.getKey(), child);
      }
    }
    Node items =
        schema.path("items").isObject()
            ? node(
                schema.get("items"),
                path + ".items",
                schema.get("items").path("x-kubernetes-embedded-resource").asBoolean(false),
                problems)
            : null;
    Node additional =
        schema.path("additionalProperties").isObject()
            ? node(
                schema.get("additionalProperties"), path + ".additionalProperties", false, problems)
            : null;
    if (rules.isEmpty() && properties.isEmpty() && items == null && additional == null) {
      return null;
    }
    String type =
        schema.path("x-kubernetes-int-or-string").asBoolean(false)
            ? ""
            : schema.path("type").asString("");
    return new Node(type, root, rules, properties, items, additional);
  }

  private static Rule rule(JsonNode declared, String path, List<FieldError> problems) {
    String text = declared.path("rule").asString("");
    if (OLD_SELF.matcher(text).find() || declared.path("optionalOldSelf").asBoolean(false)) {
      problems.add(
          unsupported(path + ".rule", text, "transition rules (oldSelf) are not evaluated"));
      return null;
    }
    try {
      Program program = program(text, SimpleType.BOOL);
      String expression = declared.path("messageExpression").asString("");
      Program message = expression.isEmpty() ? null : program(expression, SimpleType.STRING);
      return new Rule(
          text,
          program,
          message,
          declared.path("message").asString("").trim(),
          declared.path("reason").asString(""),
          declared.path("fieldPath").asString(""));
    } catch (CelValidationException | IllegalArgumentException e) {
      problems.add(unsupported(path + ".rule", text, e.getMessage()));
      return null;
    }
  }

  private static Program program(String expression, CelType expected)
      throws CelValidationException {
    CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
    if (!ast.getResultType().equals(expected) && !ast.getResultType().equals(SimpleType.DYN)) {
      throw new IllegalArgumentException(
          "must evaluate to " + expected.name() + ", not " + ast.getResultType().name());
    }
    try {
      return CEL.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static FieldError unsupported(String field, String rule, String why) {
    return FieldError.invalid(
        field,
        JsonNodeFactory.instance.stringNode(rule),
        "the dev Kubernetes API cannot evaluate this rule: " + why);
  }

  private void visit(
      Node node, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    if (value == null || value.isNull() || value.equals(old)) {
      return;
    }
    if (!node.rules().isEmpty()) {
      Object self = CelValues.of(value, node.root());
      node.rules().forEach(rule -> evaluate(rule, node, self, path, errors));
    }
    if (value.isObject()) {
      node.properties()
          .forEach(
              (name, child) ->
                  visit(
                      child,
                      value.get(name),
                      old == null ? null : old.get(name),
                      path.isEmpty() ? name : path + "." + name,
                      errors));
      if (node.additional() != null) {
        value
            .properties()
            .forEach(
                e ->
                    visit(
                        node.additional(),
                        e.getValue(),
                        old == null ? null : old.get(e.getKey()),
                        path + "[" + e.getKey() + "]",
                        errors));
      }
    } else if (value.isArray() && node.items() != null) {
      for (int i = 0; i < value.size(); i++) {
        visit(node.items(), value.get(i), null, path + "[" + i + "]", errors);
      }
    }
  }

  private static void evaluate(
      Rule rule, Node node, Object self, String path, List<FieldError> errors) {
    String at = path.isEmpty() ? FieldError.ROOT : path;
    JsonNode type = JsonNodeFactory.instance.stringNode(node.type());
    String named = rule.message().isEmpty() ? rule.text() : rule.message();
    Object result;
    try {
      result = rule.program().eval(Map.of("self", self));
    } catch (CelEvaluationException e) {
      errors.add(FieldError.invalid(at, type, e.getMessage() + " evaluating rule: " + named));
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      return;
    }
    String detail = rule.message().isEmpty() ? "failed rule: " + rule.text() : rule.message();
    if (rule.messageExpression() != null) {
      try {
        Object message = rule.messageExpression().eval(Map.of("self", self));
        if (message instanceof String s && !s.isBlank() && !s.contains("\n")) {
          detail = s.trim();
        }
      } catch (CelEvaluationException e) {
        // As the API server: a messageExpression that fails falls back to the message.
      }
    }
    String field =
        rule.fieldPath().isEmpty()
            ? at
            : (path.isEmpty() ? "" : path + ".") + fieldPathSuffix(rule.fieldPath());
    errors.add(
        switch (rule.reason()) {
          case FieldError.REQUIRED -> FieldError.required(field, detail);
          case FieldError.FORBIDDEN -> new FieldError(FieldError.FORBIDDEN, field, null, detail);
          case FieldError.DUPLICATE -> new FieldError(FieldError.DUPLICATE, field, type, null);
          default -> FieldError.invalid(field, type, detail);
        });
  }

  /** {@code .a.b['c.d']} as a field path after its node: {@code a.b[c.d]}. */
  private static String fieldPathSuffix(String fieldPath) {
    return fieldPath.replaceAll("\\['([^']*)'\\]", "[$1]").replaceFirst("^\\.", "");
  }
}
