package io.cronlog.ops;

/** What a service says of itself to its probes. */
@FunctionalInterface
public interface Health {

  /** The service's state now; called on the HTTP server's thread, so it must be cheap. */
  Status check();

  /**
   * Alive: the process does its work (a probe failing this restarts it). Ready: it has caught up
   * (restored its state, joined its group) and can take its share of work.
   */
  record Status(boolean alive, boolean ready, String detail) {

    public static Status up(String detail) {
      return new Status(true, true, detail);
    }

    public static Status starting(String detail) {
      return new Status(true, false, detail);
    }

    public static Status down(String detail) {
      return new Status(false, false, detail);
    }
  }
}
