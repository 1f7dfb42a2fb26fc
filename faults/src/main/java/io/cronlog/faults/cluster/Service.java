package io.cronlog.faults.cluster;

import java.util.Locale;

/** The three services of cronlog, each with the class that starts it in production. */
public enum Service {
  WATCHER("io.cronlog.watcher.Main"),
  SCHEDULER("io.cronlog.scheduler.Main"),
  EXECUTOR("io.cronlog.executor.Main");

  private final String mainClass;

  Service(String mainClass) {
    this.mainClass = mainClass;
  }

  public String mainClass() {
    return mainClass;
  }

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
