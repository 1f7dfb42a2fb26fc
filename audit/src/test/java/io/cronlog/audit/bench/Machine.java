package io.cronlog.audit.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** What the figures were measured on, printed first by each benchmark. */
final class Machine {

  private Machine() {}

  /** The JVM, the cores it sees, its heap limit and the load average of the last minute. */
  static String describe() {
    return String.format(
        Locale.ROOT,
        "Java %s (%s), %d cores, max heap %d MB, load average %s",
        Runtime.version(),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        load());
  }

  /** The load average of the last minute, as the other benchmark pages state it. */
  static String load() {
    return String.format(
        Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
