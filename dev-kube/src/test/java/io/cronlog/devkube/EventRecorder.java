package io.cronlog.devkube;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/** An informer handler that queues "ADDED x", "MODIFIED x", "DELETED x" for each callback. */
final class EventRecorder {

  private EventRecorder() {}

  /**
   * A handler describing each object with {@code describe}; a delete the informer inferred from a
   * relist rather than saw on the watch ends in " (final state unknown)".
   */
  static <T> ResourceEventHandler<T> recorder(
      BlockingQueue<String> events, Function<T, String> describe) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        events.add("ADDED " + describe.apply(obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        events.add("MODIFIED " + describe.apply(newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        events.add(
            "DELETED "
                + describe.apply(obj)
                + (deletedFinalStateUnknown ? " (final state unknown)" : ""));
      }
    };
  }
}
