package io.cronlog.devkube;

import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans store changes out to open watches, and keeps the most recent changes so that a watch that
 * starts from a list's resourceVersion misses nothing in between (as a real apiserver's watch cache
 * does). A watch from a version older than what is kept gets a 410 Expired error event, upon which
 * informers and kubectl list again.
 *
 * <p>Watches can be suspended, for tests of what clients do when they lose a watch: the open ones
 * are closed and new ones are held, open but silent, until resumed, when each is served from the
 * version it asked for (or answered 410 if that version left the history meanwhile).
 *
 * <p>Concurrency: every method but {@link #resume()} is synchronized on this hub, which guards
 * {@code recent}, {@code evictedUpTo}, {@code subscriptions}, {@code suspended}, {@code held} and
 * {@code expired}. {@link CrudStore} publishes while holding its write monitor, so events reach
 * each watch in the order the store applied them. Sending only queues bytes on the connection's
 * Vert.x event loop, so holding the monitor while sending is cheap.
 */
final class WatchHub {

  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);

  private final int capacity;
  private final Deque<Change> recent = new ArrayDeque<>();
  private long evictedUpTo;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private boolean suspended;

  /** Watches asked for while suspended, each with what opens it on resume. */
  private final Map<WatchStream, Runnable> held = new LinkedHashMap<>();

  private long expired;

  WatchHub(int capacity) {
    this.capacity = capacity;
  }

  /**
   * What one watch asked for: which objects (by the mock's query, then by {@code selected}, for
   * field selectors the mock cannot evaluate), and how to render each (raw, or as a Table).
   */
  record Subscription(
      AttributeSet query,
      Predicate<String> selected,
      UnaryOperator<String> render,
      WatchStream stream) {

    Subscription(AttributeSet query, UnaryOperator<String> render, WatchStream stream) {
      this(query, json -> true, render, stream);
    }
  }

  /**
   * Starts the kept history after {@code version}: the store was restored at it, and a watch
   * resuming from an earlier version (of another run of this API) must list again.
   */
  synchronized void startAfter(long version) {
    recent.clear();
    evictedUpTo = version;
  }

  synchronized void publish(Change change) {
    recent.addLast(change);
    if (recent.size() > capacity) {
      evictedUpTo = recent.removeFirst().resourceVersion();
    }
    // A watch that cannot be served is closed rather than allowed to fail the store's write.
    subscriptions.removeIf(
        subscription -> {
          try {
            send(subscription, change);
            return false;
          } catch (RuntimeException e) {
            LOG.warn("closing a watch that failed to render a change", e);
            subscription.stream().close();
            return true;
          }
        });
  }

  /**
   * Opens a watch. With {@code fromVersion} null it first sends {@code initial} as ADDED events (a
   * watch without a resourceVersion starts from the current state); otherwise it replays the kept
   * changes newer than {@code fromVersion}.
   */
  synchronized void subscribe(Subscription subscription, Long fromVersion, List<String> initial) {
    if (suspended) {
      // Suspended between holdWhileSuspended and here: closed like the watches that were open.
      subscription.stream().close();
      return;
    }
    if (fromVersion == null) {
      initial.stream()
          .filter(subscription.selected())
          .forEach(
              json ->
                  subscription.stream().send(event("ADDED", subscription.render().apply(json))));
    } else if (fromVersion < evictedUpTo) {
      LOG.debug(
          "watch from resourceVersion {} is older than the kept history ({})",
          fromVersion,
          evictedUpTo);
      expired++;
      subscription.stream().send(expired(fromVersion));
      subscription.stream().close();
      return;
    } else {
      recent.stream()
          .filter(c -> c.resourceVersion() > fromVersion)
          .forEach(c -> send(subscription, c));
    }
    subscriptions.add(subscription);
  }

  synchronized void unsubscribe(WatchStream stream) {
    subscriptions.removeIf(s -> s.stream() == stream);
    held.remove(stream);
  }

  /**
   * While watches are suspended, keeps {@code opening} to run on resume and returns true; the
   * client meanwhile sees a watch that is open and sends nothing, as from a stalled apiserver.
   */
  synchronized boolean holdWhileSuspended(WatchStream stream, Runnable opening) {
    if (suspended) {
      held.put(stream, opening);
    }
    return suspended;
  }

  /** Closes every open watch and holds new ones until {@link #resume()}. */
  synchronized void suspend() {
    suspended = true;
    LOG.info("watches suspended: {} open watches closed", subscriptions.size());
    subscriptions.forEach(subscription -> subscription.stream().close());
    subscriptions.clear();
  }

  /**
   * Ends every open watch with a 410 Expired error event and forgets the kept history, as an
   * apiserver does whose watch cache was compacted: each client must list again, and a watch
   * resumed from a version older than the newest change is answered 410 too. A watch from the
   * newest version (that of a list made now) is served, so a client that lists is not refused
   * again.
   */
  synchronized void expireAll() {
    if (!recent.isEmpty()) {
      evictedUpTo = recent.getLast().resourceVersion();
      recent.clear();
    }
    LOG.info("watch history expired: {} open watches ended with 410", subscriptions.size());
    subscriptions.forEach(
        subscription -> {
          expired++;
          subscription.stream().send(expired(evictedUpTo));
          subscription.stream().close();
        });
    subscriptions.clear();
  }

  /** Opens the watches held since {@link #suspend()}, in the order they were asked for. */
  void resume() {
    List<Runnable> openings;
    synchronized (this) {
      suspended = false;
      openings = List.copyOf(held.values());
      held.clear();
    }
    LOG.info("watches resumed: {} held watches opened", openings.size());
    // Outside this monitor: opening takes the store's write monitor, which is always taken first.
    openings.forEach(Runnable::run);
  }

  /** How many watches wait for {@link #resume()}. */
  synchronized int heldWatches() {
    return held.size();
  }

  /** How many watches were answered 410 Expired since the start. */
  synchronized long expiredWatches() {
    return expired;
  }

  private static void send(Subscription s, Change change) {
    boolean before =
        change.oldKey() != null
            && change.oldKey().matches(s.query())
            && s.selected().test(change.oldJson());
    boolean after =
        change.newKey() != null
            && change.newKey().matches(s.query())
            && s.selected().test(change.newJson());
    if (before && after) {
      s.stream().send(event("MODIFIED", s.render().apply(change.newJson())));
    } else if (before) {
      s.stream().send(event("DELETED", s.render().apply(change.oldJson())));
    } else if (after) {
      s.stream().send(event("ADDED", s.render().apply(change.newJson())));
    }
  }

  private static String event(String type, String object) {
    return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
  }

  private String expired(long fromVersion) {
    return event(
        "ERROR",
        Statuses.status(
            410, "Expired", "too old resource version: " + fromVersion + " (" + evictedUpTo + ")"));
  }
}
