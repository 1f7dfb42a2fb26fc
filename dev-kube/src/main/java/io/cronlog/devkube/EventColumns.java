package io.cronlog.devkube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The columns and cells of the apiserver's core/v1 Event printer: LAST SEEN, TYPE, REASON, OBJECT,
 * MESSAGE, and with {@code -o wide} SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME. Events have no
 * leading Name column; kubectl hides the priority-1 columns itself unless asked for wide output.
 */
final class EventColumns {

  static final List<PrinterColumn> COLUMNS =
      List.of(
          PrinterColumn.text(
              "Last Seen",
              "The time at which the most recent occurrence of this event was recorded.",
              0),
          PrinterColumn.text(
              "Type",
              "Type of this event (Normal, Warning), new types could be added in the future",
              0),
          PrinterColumn.text(
              "Reason",
              "This should be a short, machine understandable string that gives the reason "
                  + "for the transition into the object's current status.",
              0),
          PrinterColumn.text("Object", "The object that this event is about.", 0),
          PrinterColumn.text(
              "Subobject",
              "If referring to a piece of an object instead of an entire object, this "
                  + "string should contain a valid JSON/Go field access statement.",
              1),
          PrinterColumn.text("Source", "The component reporting this event.", 1),
          PrinterColumn.text(
              "Message", "A human-readable description of the status of this operation.", 0),
          PrinterColumn.text("First Seen", "The time at which the event was first recorded.", 1),
          PrinterColumn.text("Count", "The number of times this event has occurred.", 1),
          new PrinterColumn(
              "Name", "string", "name", "Name must be unique within a namespace.", 1, null));

  private EventColumns() {}

  /** The cells in the order of {@link #COLUMNS}, all of them, as the apiserver sends them. */
  static List<JsonNode> cells(JsonNode event, Instant now) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String first = text(event, "firstTimestamp");
    String firstSeen = Tables.age(first.isEmpty() ? text(event, "eventTime") : first, now);
    String last = text(event, "lastTimestamp");
    String lastSeen = last.isEmpty() ? firstSeen : Tables.age(last, now);
    long count = event.path("count").asLong(0);
    JsonNode series = event.path("series");
    if (series.isObject()) {
      lastSeen = Tables.age(text(series, "lastObservedTime"), now);
      count = series.path("count").asLong(0);
    } else if (count == 0) {
      count = 1; // singleton events of the new API have no count
    }
    String kind = text(event, "involvedObject", "kind").toLowerCase(Locale.ROOT);
    String name = text(event, "involvedObject", "name");
    return List.of(
        f.stringNode(lastSeen),
        f.stringNode(text(event, "type")),
        f.stringNode(text(event, "reason")),
        f.stringNode(name.isEmpty() ? kind : kind + "/" + name),
        f.stringNode(text(event, "involvedObject", "fieldPath")),
        f.stringNode(source(event)),
        f.stringNode(text(event, "message").strip()),
        f.stringNode(firstSeen),
        f.numberNode(count),
        f.stringNode(text(event, "metadata", "name")));
  }

  /**
   * Component (or reporting controller), then host (or reporting instance), as kubectl joins them.
   */
  private static String source(JsonNode event) {
    String component = text(event, "source", "component");
    String host = text(event, "source", "host");
    String controller = text(event, "reportingComponent");
    String instance = text(event, "reportingInstance");
    if (component.isEmpty() && host.isEmpty() && controller.isEmpty() && instance.isEmpty()) {
      return "<unknown>";
    }
    List<String> parts = new ArrayList<>();
    parts.add(component.isEmpty() ? controller : component);
    String where = host.isEmpty() ? instance : host;
    if (!where.isEmpty()) {
      parts.add(where);
    }
    return String.join(", ", parts);
  }

  private static String text(JsonNode node, String... path) {
    String value = Json.text(node, path);
    return value == null ? "" : value;
  }
}
