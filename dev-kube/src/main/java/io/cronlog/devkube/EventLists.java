package io.cronlog.devkube;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists and watches of core/v1 Events, which {@code kubectl describe} and {@code kubectl events}
 * select by fields the mock cannot select on (the involved object's, reason, type, source): the
 * store lists or watches them all and keeps here the ones the selector names.
 */
final class EventLists {

  private EventLists() {}

  /** Whether {@code uri} lists or watches core/v1 Events. */
  static boolean isEventList(String uri) {
    return ResourcePath.parse(CrudStore.pathOf(uri))
        .filter(p -> p.group().isEmpty() && p.plural().equals("events") && p.isCollection())
        .isPresent();
  }

  /**
   * The field selector of a watch of Events at {@code uri}; empty for other watches and for
   * unreadable selectors.
   */
  static Optional<FieldSelector> watchSelection(String uri) {
    if (!isEventList(uri)) {
      return Optional.empty();
    }
    try {
      return FieldSelector.of(uri)
          .map(selector -> FieldSelector.parse(selector, FieldSelector.EVENT_FIELDS));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // the watch is open already; the mock's query decides, as before
    }
  }

  /**
   * A list of Events' field selector, {@code selector} as its URI gives it ({@link
   * FieldSelector#of}); one that selects everything when there is none.
   *
   * @throws IllegalArgumentException when the selector cannot be read, or names a field Events do
   *     not have
   */
  static FieldSelector listSelection(Optional<String> selector) {
    return FieldSelector.parse(selector.orElse(""), FieldSelector.EVENT_FIELDS);
  }

  /**
   * The items of {@code list} that {@code fields} selects, as an {@code EventList}: {@code kubectl
   * events} decodes into that type and finds no items in a {@code List}.
   */
  static String selected(String list, FieldSelector fields) {
    ObjectNode events = (ObjectNode) Json.read(list);
    var kept = Json.MAPPER.createArrayNode();
    events.path("items").values().stream()
        .filter(e -> fields.matches(e, FieldSelector.EVENT_FIELDS))
        .forEach(kept::add);
    events.put("kind", "EventList").set("items", kept);
    return Json.write(events);
  }
}
