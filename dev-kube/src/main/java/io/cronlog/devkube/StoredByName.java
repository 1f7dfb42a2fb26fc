package io.cronlog.devkube;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of the mock's stored objects by the name they carry, so that a request for one object
 * looks at the few stored under its name instead of matching every stored object, as fabric8's mock
 * does: its cost grew with the store, Events and finished Jobs included, and a burst of Job
 * creations spent three quarters of the API's time in those scans.
 *
 * <p>It answers exactly what the scan would: every candidate is still matched against the whole
 * query. Not thread-safe: its owner keeps it in step with the store under one lock.
 */
final class StoredByName {

  private final Map<Value, List<AttributeSet>> byName = new HashMap<>();

  /**
   * The stored entries that match {@code query}, in no particular order; empty if the query does
   * not name one object, which only a scan can answer.
   */
  Optional<List<Map.Entry<AttributeSet, String>>> matching(
      AttributeSet query, Map<AttributeSet, String> stored) {
    Optional<Value> name = nameOf(query);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    List<Map.Entry<AttributeSet, String>> matches = new ArrayList<>(1);
    for (AttributeSet key : byName.getOrDefault(name.get(), List.of())) {
      String object = stored.get(key);
      if (object != null && key.matches(query)) {
        matches.add(Map.entry(key, object));
      }
    }
    return Optional.of(matches);
  }

  /** The store replaced {@code removed} by {@code added}; either may be null. */
  void replaced(AttributeSet removed, AttributeSet added) {
    if (removed != null) {
      storedName(removed)
          .ifPresent(
              name ->
                  byName.computeIfPresent(
                      name,
                      (n, keys) -> {
                        keys.remove(removed);
                        return keys.isEmpty() ? null : keys;
                      }));
    }
    if (added != null) {
      storedName(added)
          .ifPresent(name -> byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(added));
    }
  }

  /** The store was emptied. */
  void clear() {
    byName.clear();
  }

  /** How many keys it holds; for tests that hold it against the store. */
  int size() {
    return byName.values().stream().mapToInt(List::size).sum();
  }

  /**
   * The one name a query asks for. A stored object matches a query's {@code name} of type WITH
   * exactly when its own name is that value; any other form is left to the scan.
   */
  private static Optional<Value> nameOf(AttributeSet query) {
    Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name == null || name.getType() != AttributeType.WITH || name.getValues().size() != 1) {
      return Optional.empty();
    }
    return Optional.of(name.getValues().get(0));
  }

  /** The name a stored object is matched by: the first value of its {@code name}. */
  private static Optional<Value> storedName(AttributeSet key) {
    Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
    return name == null || name.getValues().isEmpty()
        ? Optional.empty()
        : Optional.of(name.getValues().get(0));
  }
}
