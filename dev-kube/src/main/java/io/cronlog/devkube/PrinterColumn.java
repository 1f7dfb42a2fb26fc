package io.cronlog.devkube;

/**
 * One column of a {@code meta.k8s.io/v1} Table, with the JSONPath that fills it for custom
 * resources.
 */
record PrinterColumn(
    String name, String type, String format, String description, int priority, String jsonPath) {

  static PrinterColumn nameColumn() {
    return new PrinterColumn(
        "Name", "string", "name", "Name must be unique within a namespace.", 0, ".metadata.name");
  }

  static PrinterColumn age(String title) {
    return new PrinterColumn(
        title,
        "date",
        "",
        "CreationTimestamp is a timestamp representing the server time "
            + "when this object was created.",
        0,
        ".metadata.creationTimestamp");
  }

  static PrinterColumn text(String title, String description, int priority) {
    return new PrinterColumn(title, "string", "", description, priority, null);
  }
}
