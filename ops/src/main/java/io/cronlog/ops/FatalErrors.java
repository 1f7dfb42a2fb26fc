package io.cronlog.ops;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The errors a service cannot go on after, whichever thread meets them: each is logged with its
 * exception, and the first fails the liveness probe for good, so that the process is restarted
 * rather than left half working. One per process, made in {@code Main}, which also makes it the
 * handler of every thread's uncaught errors.
 */
public final class FatalErrors {

  private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

  /** What the first fatal error was, for the probe; null while there was none. */
  private final AtomicReference<String> first = new AtomicReference<>();

  /** Logs {@code error} at error, and makes {@link #guard} report the service down from now on. */
  public void report(String where, Throwable error) {
    LOG.error("{}: the service cannot go on", where, error);
    first.compareAndSet(null, where + ": " + error);
  }

  /**
   * For {@link Thread#setDefaultUncaughtExceptionHandler}: an error no code caught ends its thread,
   * whose work then stops; it goes to the service's log, not only to stderr.
   */
  public Thread.UncaughtExceptionHandler uncaughtErrorHandler() {
    return (thread, error) -> report("Uncaught error on thread " + thread.getName(), error);
  }

  /** {@code health} while there was no fatal error, down after. */
  public Health guard(Health health) {
    return () -> {
      String why = first.get();
      return why == null ? health.check() : Health.Status.down(why);
    };
  }
}
