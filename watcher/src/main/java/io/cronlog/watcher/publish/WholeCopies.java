package io.cronlog.watcher.publish;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * For each object whose records are published trimmed, the dead letter that holds the parts left
 * out, whole. A later record of the object trimmed of the same parts (a status update of a large
 * ScheduledJob, every minute) then points at that dead letter instead of copying megabytes again.
 * Only what committed counts: a batch's copies are kept once its transaction committed, so a
 * retried batch never points at a dead letter that was aborted. Not thread safe: owned by the
 * publishing thread. Bounded by the number of oversize objects; a deleted object is forgotten.
 */
final class WholeCopies {

  /** The dead letter {@code deadLetterId} holds the parts whose digest is {@code digest}. */
  record Copy(String digest, String deadLetterId) {}

  private final Map<String, Copy> committed = new HashMap<>();

  /** A view for encoding one batch, committed with {@link Batch#commit()}. */
  Batch batch() {
    return new Batch();
  }

  /**
   * The copies of one batch: those committed, plus those the batch writes, less those it forgets.
   */
  final class Batch {
    private final Map<String, Copy> written = new HashMap<>();
    private final Set<String> forgotten = new HashSet<>();

    /** The copy already holding {@code digest} for {@code uid}, if there is one. */
    Optional<Copy> holding(String uid, String digest) {
      Copy copy =
          written.containsKey(uid)
              ? written.get(uid)
              : forgotten.contains(uid) ? null : committed.get(uid);
      return copy != null && copy.digest().equals(digest) ? Optional.of(copy) : Optional.empty();
    }

    /**
     * True if a committed copy, not just one of this batch, holds {@code digest} for {@code uid}.
     */
    boolean committedHolds(String uid, String digest) {
      Copy copy = written.containsKey(uid) || forgotten.contains(uid) ? null : committed.get(uid);
      return copy != null && copy.digest().equals(digest);
    }

    void wrote(String uid, Copy copy) {
      written.put(uid, copy);
      forgotten.remove(uid);
    }

    void forget(String uid) {
      written.remove(uid);
      forgotten.add(uid);
    }

    /** The batch's transaction committed: its copies are there to point at. */
    void commit() {
      forgotten.forEach(committed::remove);
      committed.putAll(written);
    }
  }
}
