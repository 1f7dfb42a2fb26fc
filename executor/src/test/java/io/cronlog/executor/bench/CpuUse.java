package io.cronlog.executor.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU the benchmark's process had spent up to a moment, in all and per thread, with the JVM's
 * own collections and compilations so far. On this machine the API, the broker and the executor
 * share two cores, and every phase keeps both busy, so a phase's rate is the inverse of its CPU per
 * Job, and two phases differ in which threads spend more.
 */
final class CpuUse {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long processNanos;
  private final Map<Long, Long> nanosByThread;
  private final Map<Long, String> names;
  private final long collections;
  private final long collectionMillis;
  private final long compilationMillis;
  private final long apiProcessNanos;

  private CpuUse(
      long processNanos,
      Map<Long, Long> nanosByThread,
      Map<Long, String> names,
      long collections,
      long collectionMillis,
      long compilationMillis,
      long apiProcessNanos) {
    this.processNanos = processNanos;
    this.nanosByThread = nanosByThread;
    this.names = names;
    this.collections = collections;
    this.collectionMillis = collectionMillis;
    this.compilationMillis = compilationMillis;
    this.apiProcessNanos = apiProcessNanos;
  }

  /** The CPU spent so far, here and by {@code host}'s API when it has a process of its own. */
  static CpuUse now(ApiHost host) {
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue; // ended since the ids were read
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        nanos.put(info.getThreadId(), cpu);
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var collectors = ManagementFactory.getGarbageCollectorMXBeans();
    return new CpuUse(
        os.getProcessCpuTime(),
        nanos,
        names,
        collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum(),
        collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum(),
        ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
        host.apiCpuNanos());
  }

  /**
   * The CPU spent from {@code start} to this moment per Job of {@code jobs}, in milliseconds; the
   * collections and their time, and the JIT compilers' time (elapsed, not CPU: they wait for the
   * cores too); then the largest groups of threads (a name with its numbers taken out) with their
   * share of the CPU. What no thread alive at the end accounts for (the JVM's compiler and
   * collector threads, threads that ended in between) is "JVM and ended threads". Last, the API's
   * own process, when it has one.
   */
  String perJobSince(CpuUse start, int jobs, int groupsShown) {
    long all = processNanos - start.processNanos;
    Map<String, Long> byGroup = new HashMap<>();
    long threads = 0;
    for (Map.Entry<Long, Long> thread : nanosByThread.entrySet()) {
      long spent = thread.getValue() - start.nanosByThread.getOrDefault(thread.getKey(), 0L);
      byGroup.merge(group(names.get(thread.getKey())), spent, Long::sum);
      threads += spent;
    }
    byGroup.put("JVM and ended threads", all - threads);
    return String.format(
            "%.2f ms/Job [GC %d, %d ms; JIT %d ms]",
            all / 1e6 / jobs,
            collections - start.collections,
            collectionMillis - start.collectionMillis,
            compilationMillis - start.compilationMillis)
        + byGroup.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(groupsShown)
            .map(e -> String.format("%s %.0f%%", e.getKey(), 100.0 * e.getValue() / all))
            .collect(Collectors.joining(", ", " (", ")"))
        + (apiProcessNanos < 0
            ? ""
            : String.format(
                "; API process %.2f ms/Job",
                (apiProcessNanos - start.apiProcessNanos) / 1e6 / jobs));
  }

  /** How long the JIT compilers worked from {@code start} to this moment, in milliseconds. */
  long compilationMillisSince(CpuUse start) {
    return compilationMillis - start.compilationMillis;
  }

  /** Threads of one pool or role alike: {@code cronlog-executor-worker-3} and {@code -7}. */
  private static String group(String threadName) {
    return threadName.replaceAll("\\d+", "#");
  }
}
