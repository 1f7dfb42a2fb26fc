package io.cronlog.devkube;

import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans store changes out to open watches, and keeps the most recent changes so that a watch that
 * starts from a list's resourceVersion misses nothing in between (as a real apiserver's watch
 * cache does). A watch from a version older than what is kept gets a 410 Expired error event,
 * upon which informers and kubectl list again.
 *
 * <p>Concurrency: every method is synchronized on this hub, which guards {@code recent},
 * {@code evictedUpTo} and {@code subscriptions}. {@link CrudStore} publishes while holding its
 * write monitor, so events reach each watch in the order the store applied them. Sending only
 * queues bytes on the connection's Vert.x event loop, so holding the monitor while sending is cheap.
 */
final class WatchHub {

  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);

  private final int capacity;
  private final Deque<Change> recent = new ArrayDeque<>();
  private long evictedUpTo;
  private final List<Subscription> subscriptions = new ArrayList<>();

  WatchHub(int capacity) {
    this.capacity = capacity;
  }

  /** What one watch asked for: which objects, and how to render each object (raw, or as a Table). */
  record Subscription(AttributeSet query, UnaryOperator<String> render, WatchStream stream) {
  }

  synchronized void publish(Change change) {
    recent.addLast(change);
    if (recent.size() > capacity) {
      evictedUpTo = recent.removeFirst().resourceVersion();
    }
    // A watch that cannot be served is closed rather than allowed to fail the store's write.
    subscriptions.removeIf(subscription -> {
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
   * Opens a watch. With {@code fromVersion} null it first sends {@code initial} as ADDED events
   * (a watch without a resourceVersion starts from the current state); otherwise it replays the
   * kept changes newer than {@code fromVersion}.
   */
  synchronized void subscribe(Subscription subscription, Long fromVersion, List<String> initial) {
    if (fromVersion == null) {
      initial.forEach(json -> subscription.stream().send(event("ADDED", subscription.render().apply(json))));
    } else if (fromVersion < evictedUpTo) {
      LOG.debug("watch from resourceVersion {} is older than the kept history ({})", fromVersion, evictedUpTo);
      subscription.stream().send(expired(fromVersion));
      subscription.stream().close();
      return;
    } else {
      recent.stream().filter(c -> c.resourceVersion() > fromVersion).forEach(c -> send(subscription, c));
    }
    subscriptions.add(subscription);
  }

  synchronized void unsubscribe(WatchStream stream) {
    subscriptions.removeIf(s -> s.stream() == stream);
  }

  synchronized int openWatches() {
    return subscriptions.size();
  }

  private static void send(Subscription s, Change change) {
    boolean before = change.oldKey() != null && change.oldKey().matches(s.query());
    boolean after = change.newKey() != null && change.newKey().matches(s.query());
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
    return event("ERROR", Statuses.status(410, "Expired",
        "too old resource version: " + fromVersion + " (" + evictedUpTo + ")"));
  }
}
