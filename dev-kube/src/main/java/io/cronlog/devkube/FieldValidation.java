package io.cronlog.devkube;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A write's {@code fieldValidation} query parameter: what the API server tells the writer about
 * fields the schema does not know, which it prunes in every case. kubectl sends {@code Strict} for
 * {@code apply}, {@code create} and {@code replace} ({@code --validate=strict}, its default),
 * {@code Warn} for {@code --validate=warn} and {@code Ignore} for {@code --validate=false}.
 */
enum FieldValidation {
  /** Prune in silence. */
  IGNORE("Ignore"),
  /** Prune, with one {@code Warning} header per field: the API server's default since 1.23. */
  WARN("Warn"),
  /** Refuse the write, naming every field. */
  STRICT("Strict");

  static final String PARAMETER = "fieldValidation";

  private final String value;

  FieldValidation(String value) {
    this.value = value;
  }

  /**
   * The directive of the write at {@code uri}: Warn when it names none; empty when it names another
   * value.
   */
  static Optional<FieldValidation> of(String uri) {
    String given = parameter(uri);
    if (given.isEmpty()) {
      return Optional.of(WARN);
    }
    for (FieldValidation directive : values()) {
      if (directive.value.equals(given)) {
        return Optional.of(directive);
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code 422} for a value that {@link #of} does not know, as the API server refuses the
   * request's options ({@code CreateOptions}, {@code UpdateOptions}, {@code PatchOptions}).
   */
  static Reply unsupported(String optionsKind, String uri) {
    FieldError error =
        new FieldError(
            FieldError.NOT_SUPPORTED,
            PARAMETER,
            JsonNodeFactory.instance.stringNode(parameter(uri)),
            "supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
    return Reply.status(
        422, FieldError.invalidStatus(optionsKind, "meta.k8s.io", "", List.of(error)));
  }

  /** The parameter's first value; empty when absent. */
  private static String parameter(String uri) {
    return QueryParameter.of(uri, PARAMETER).orElse("");
  }
}
