package io.cronlog.devkube;

import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * What a cluster's garbage collector does after a delete, with background propagation: every object
 * whose {@code ownerReferences} name the uid of an object that is gone is deleted in turn, and its
 * own dependents after it, so deleting a ScheduledJob deletes its Jobs (and a Job's Pods, had it
 * any). Foreground deletion and {@code blockOwnerDeletion} are not modelled: a Foreground delete
 * acts as a Background one. An Orphan delete leaves the dependents, owner references and all.
 *
 * <p>Not thread-safe: the store calls it with its write lock held, so collection is part of the
 * write.
 */
final class GarbageCollector {

  /** Uids of the objects deleted since the last {@link #collect}. */
  private final Deque<String> gone = new ArrayDeque<>();

  /** Notes that {@code object} (its stored JSON) has left the store. */
  void deleted(String object) {
    String uid = Json.text(Json.read(object), "metadata", "uid");
    if (uid != null && !uid.isEmpty()) {
      gone.add(uid);
    }
  }

  /** Forgets the deletions noted since the last collection: their dependents are to be orphaned. */
  void orphan() {
    gone.clear();
  }

  /**
   * Deletes, through {@code delete} (given an object's path), the dependents of every object noted
   * as deleted; each deletion {@code delete} makes is noted here too, so dependents of dependents
   * go.
   */
  void collect(
      Supplier<Collection<Map.Entry<AttributeSet, String>>> stored, Consumer<String> delete) {
    while (!gone.isEmpty()) {
      String owner = gone.poll();
      for (Map.Entry<AttributeSet, String> entry : stored.get()) {
        JsonNode object = Json.read(entry.getValue());
        if (ownedBy(object, owner)) {
          delete.accept(
              ResourcePath.collectionOf(entry.getKey(), object)
                  + "/"
                  + Json.text(object, "metadata", "name"));
        }
      }
    }
  }

  private static boolean ownedBy(JsonNode object, String uid) {
    for (JsonNode reference : object.path("metadata").path("ownerReferences").values()) {
      if (uid.equals(Json.text(reference, "uid"))) {
        return true;
      }
    }
    return false;
  }
}
