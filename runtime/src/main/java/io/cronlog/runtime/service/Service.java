package io.cronlog.runtime.service;

import java.util.Locale;

/**
 * The three services of cronlog, each with the class its container starts in production. Named
 * here, by class name, so that {@code cronlog service} and the fault suite start them alike: both
 * depend on runtime, and runtime on none of the services.
 */
public enum Service {
  WATCHER("io.cronlog.watcher.Main"),
  SCHEDULER("io.cronlog.scheduler.Main"),
  EXECUTOR("io.cronlog.executor.Main");

  private final String mainClass;

  Service(String mainClass) {
    this.mainClass = mainClass;
  }

  /** The fully qualified name of the service's {@code Main}. */
  public String mainClass() {
    return mainClass;
  }

  /** The service's name as people type it: {@code watcher}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
