package io.cronlog.cli.dev;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stack has started so far, to stop in reverse order: each part may need the ones started
 * before it (a service its broker), and one that fails to stop must not keep the rest running.
 */
final class StartedParts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StartedParts.class);

  /** Guarded by this. */
  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  /** Takes {@code part}, just started, to stop it before everything started earlier. */
  synchronized <T extends AutoCloseable> T add(T part) {
    running.push(part);
    return part;
  }

  /** Stops every part, newest first, going on past one that fails; idempotent. */
  @Override
  public synchronized void close() {
    while (!running.isEmpty()) {
      AutoCloseable part = running.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed", part.getClass().getSimpleName(), e);
      }
    }
  }
}
