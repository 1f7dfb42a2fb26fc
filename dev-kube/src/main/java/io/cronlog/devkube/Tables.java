package io.cronlog.devkube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders objects as the {@code meta.k8s.io/v1} Table that kubectl asks for, the way a real
 * apiserver does: custom resources get Name plus their CRD's printer columns, Jobs and core Events
 * get their printers' columns, and other built-ins get Name and Age. Ages and dates are rendered
 * here, as strings, because kubectl prints cells as it receives them.
 */
final class Tables {

  /** What each row carries besides its cells, from the request's {@code includeObject}. */
  enum Include {
    NONE,
    METADATA,
    OBJECT
  }

  private final Clock clock;

  Tables(Clock clock) {
    this.clock = clock;
  }

  /** A Table of the items of a list response, or of the single object of a get. */
  String render(ResourceType type, JsonNode listOrObject, Include include) {
    boolean list = listOrObject.has("items");
    List<JsonNode> items = new ArrayList<>();
    if (list) {
      listOrObject.path("items").values().forEach(items::add);
    } else {
      items.add(listOrObject);
    }
    ObjectNode table = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    String version = Json.text(listOrObject, "metadata", "resourceVersion");
    table.putObject("metadata").put("resourceVersion", version == null ? "" : version);
    ArrayNode columns = table.putArray("columnDefinitions");
    for (PrinterColumn c : columns(type)) {
      columns
          .addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("format", c.format())
          .put("description", c.description())
          .put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells(type, item).forEach(cells::add);
      if (include == Include.METADATA) {
        row.putObject("object")
            .put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1")
            .set("metadata", item.path("metadata").deepCopy());
      } else if (include == Include.OBJECT) {
        row.set("object", item.deepCopy());
      }
    }
    return Json.write(table);
  }

  private static List<PrinterColumn> columns(ResourceType type) {
    if (isCoreEvent(type)) {
      return EventColumns.COLUMNS;
    }
    List<PrinterColumn> columns = new ArrayList<>();
    columns.add(PrinterColumn.nameColumn());
    if (type.isCustom()) {
      columns.addAll(type.printerColumns());
    } else if (type.plural().equals("jobs") && type.group().equals("batch")) {
      columns.addAll(JobColumns.COLUMNS);
    } else {
      columns.add(
          PrinterColumn.text(
              "Age",
              "CreationTimestamp is a timestamp representing the server time "
                  + "when this object was created.",
              0));
    }
    return columns;
  }

  private List<JsonNode> cells(ResourceType type, JsonNode item) {
    Instant now = clock.instant();
    if (isCoreEvent(type)) {
      return EventColumns.cells(item, now);
    }
    List<JsonNode> cells = new ArrayList<>();
    cells.add(JsonNodeFactory.instance.stringNode(Json.text(item, "metadata", "name")));
    if (type.isCustom()) {
      for (PrinterColumn column : type.printerColumns()) {
        cells.add(customCell(column, item, now));
      }
    } else if (type.plural().equals("jobs") && type.group().equals("batch")) {
      JobColumns.cells(item, now).forEach(s -> cells.add(JsonNodeFactory.instance.stringNode(s)));
    } else {
      cells.add(
          JsonNodeFactory.instance.stringNode(
              age(Json.text(item, "metadata", "creationTimestamp"), now)));
    }
    return cells;
  }

  private static boolean isCoreEvent(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("events");
  }

  /**
   * One printer-column cell, as the apiextensions apiserver computes it: only the first value the
   * JSONPath reaches is shown, and a value that does not fit the column's type shows as none.
   */
  private static JsonNode customCell(PrinterColumn column, JsonNode item, Instant now) {
    List<JsonNode> values;
    try {
      values = SimpleJsonPath.parse(column.jsonPath()).evaluate(item);
    } catch (IllegalArgumentException e) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (values.isEmpty() || values.get(0).isNull()) {
      return JsonNodeFactory.instance.nullNode();
    }
    JsonNode v = values.get(0);
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (column.type()) {
      case "string" -> f.stringNode(v.isValueNode() ? v.asString() : Json.write(v));
      case "integer" -> v.isNumber() ? f.numberNode(v.asLong()) : f.nullNode();
      case "number" -> v.isNumber() ? f.numberNode(v.asDouble()) : f.nullNode();
      case "boolean" -> v.isBoolean() ? f.booleanNode(v.asBoolean()) : f.nullNode();
      case "date" -> v.isString() ? f.stringNode(age(v.stringValue(), now)) : f.nullNode();
      default -> f.nullNode();
    };
  }

  /**
   * Time since a timestamp as kubectl shows it; {@code <unknown>} when absent, {@code <invalid>}
   * when unparsable.
   */
  static String age(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return HumanDuration.format(Duration.between(Instant.parse(timestamp), now));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }
}
