package io.cronlog.audit.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a measured step needed: the largest heap in use right after a garbage collection while
 * it ran (what stayed reachable, plus old garbage a young collection does not look at, so an upper
 * bound of the live data), beside the heap in use after a full collection before it began.
 */
final class HeapWatch implements AutoCloseable {

  private static final long MB = 1024 * 1024;

  private final AtomicLong peakAfterGc = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;

  /** The names of the heap's pools: the collector reports metaspace and the code cache too. */
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  private long baseline;
  private long gcMillisAtReset;

  HeapWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  /** Collects fully, takes what is in use then as the baseline, and starts a new peak from it. */
  void reset() {
    System.gc();
    baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    peakAfterGc.set(baseline);
    gcMillisAtReset = gcMillis();
  }

  /**
   * Time the collectors reported spending since {@link #reset()} (pauses, and G1's concurrent
   * work), in ms.
   */
  long gcMillisSinceReset() {
    return gcMillis() - gcMillisAtReset;
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(t -> t > 0)
        .sum();
  }

  /** Heap in use after the full collection of {@link #reset()}, in MB. */
  long baselineMb() {
    return baseline / MB;
  }

  /** The largest heap in use after any collection since {@link #reset()}, in MB. */
  long peakMb() {
    return peakAfterGc.get() / MB;
  }

  private void collected(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used =
        info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(pool -> heapPools.contains(pool.getKey()))
            .mapToLong(pool -> pool.getValue().getUsed())
            .sum();
    peakAfterGc.accumulateAndGet(used, Math::max);
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // Never added to this one: nothing to remove.
      }
    }
  }
}
