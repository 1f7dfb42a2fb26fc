package io.cronlog.watcher.observe;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.Change;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers (list, then watch) on ScheduledJobs and on Jobs, feeding a bounded queue. A Job belongs
 * to a ScheduledJob through its controller owner reference, never through labels.
 *
 * <p>When the queue is full the informer's handler waits for room, as long as the queue drains (a
 * burst). When it gets none for {@code queueFullTimeout} (Kafka away), this observer
 * <em>overflows</em>: it stops queueing, so that neither the queue nor fabric8's own unbounded
 * queue of handler calls grows while Kafka is away. What it did not queue is not lost: the
 * informers' caches keep following the cluster, and the owner of this observer replaces it with a
 * new one whose list yields every object's latest version (see {@link #overflowed()}).
 */
public final class ClusterObserver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final BlockingQueue<Observation> queue;
  private final Clock clock;
  private final Duration queueFullTimeout;
  // Concurrent: close() may come from the thread that learnt leadership was lost, during start().
  private final List<SharedIndexInformer<ScheduledJob>> scheduledJobInformers =
      new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<Job>> jobInformers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private volatile boolean overflowed;

  public ClusterObserver(
      KubernetesClient client,
      Set<String> namespaces,
      BlockingQueue<Observation> queue,
      Duration queueFullTimeout,
      Clock clock) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.queue = queue;
    this.queueFullTimeout = queueFullTimeout;
    this.clock = clock;
  }

  /**
   * True once the queue stayed full for the timeout and this observer stopped queueing: the
   * observations it queued before still hold, in order, but later changes must be found by listing
   * again.
   */
  public boolean overflowed() {
    return overflowed;
  }

  /**
   * Starts the informers, waits for their initial lists, then queues {@link
   * Observation.InitialListComplete}.
   */
  public void start() throws InterruptedException {
    ResourceEventHandler<ScheduledJob> scheduledJobs =
        new Handler<>((change, sj) -> new Observation.OfScheduledJob(change, sj, clock.instant()));
    ResourceEventHandler<Job> jobs =
        new Handler<>(
            (change, job) ->
                controllingScheduledJob(job)
                    .map(owner -> new Observation.OfJob(change, job, owner, clock.instant()))
                    .orElse(null));
    if (namespaces.isEmpty()) {
      scheduledJobInformers.add(
          client.resources(ScheduledJob.class).inAnyNamespace().inform(scheduledJobs, 0));
      jobInformers.add(client.batch().v1().jobs().inAnyNamespace().inform(jobs, 0));
    } else {
      for (String namespace : namespaces) {
        scheduledJobInformers.add(
            client.resources(ScheduledJob.class).inNamespace(namespace).inform(scheduledJobs, 0));
        jobInformers.add(client.batch().v1().jobs().inNamespace(namespace).inform(jobs, 0));
      }
    }
    if (closed) {
      close(); // closed while the informers were listing: informers started meanwhile stop too
      return;
    }
    // inform() returns once each store holds its initial list; the handlers may still be behind,
    // so the lists travel with the marker instead of being inferred from the queue's order.
    List<ScheduledJob> listedScheduledJobs =
        scheduledJobInformers.stream()
            .flatMap(informer -> informer.getStore().list().stream())
            .toList();
    List<Job> listedJobs =
        jobInformers.stream()
            .flatMap(informer -> informer.getStore().list().stream())
            .filter(job -> controllingScheduledJob(job).isPresent())
            .toList();
    offer(
        new Observation.InitialListComplete(listedScheduledJobs, listedJobs, clock.instant()),
        () -> "the end of the list");
    LOG.info(
        "Watching ScheduledJobs and their Jobs in {}",
        namespaces.isEmpty() ? "all namespaces" : namespaces);
  }

  /**
   * Queues {@code observation}, waiting while the queue drains; gives up and overflows when it gets
   * no room for the timeout. Nothing is queued after an overflow or a close.
   */
  private void offer(Observation observation, Supplier<String> what) {
    try {
      // A publisher that drains makes room within one transaction; none for this long means Kafka
      // is away.
      long deadline = System.nanoTime() + queueFullTimeout.toNanos();
      while (!closed && !overflowed) {
        if (queue.offer(observation, 200, TimeUnit.MILLISECONDS)) {
          return;
        }
        if (System.nanoTime() - deadline > 0) {
          overflowed = true;
          LOG.warn(
              "The queue of {} observations stayed full for {}: not queueing {} and what follows; the cluster"
                  + " is listed again once the queue is published",
              queue.size(),
              queueFullTimeout,
              what.get());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while queueing {}", what.get());
    }
  }

  /** The name of the ScheduledJob that controls {@code job}, if one does. */
  public static Optional<String> controllingScheduledJob(Job job) {
    List<OwnerReference> owners = job.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController()))
        .filter(
            owner ->
                ScheduledJob.KIND.equals(owner.getKind())
                    && ScheduledJob.API_VERSION.equals(owner.getApiVersion()))
        .map(OwnerReference::getName)
        .findFirst();
  }

  /** Stops the informers; idempotent, from any thread. */
  @Override
  public void close() {
    closed = true;
    scheduledJobInformers.forEach(SharedIndexInformer::close);
    jobInformers.forEach(SharedIndexInformer::close);
    scheduledJobInformers.clear();
    jobInformers.clear();
  }

  /**
   * Turns informer callbacks into queued observations; resyncs (same resourceVersion) are not
   * changes.
   */
  private final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final BiFunction<Change, T, Observation> toObservation;

    Handler(BiFunction<Change, T, Observation> toObservation) {
      this.toObservation = toObservation;
    }

    @Override
    public void onAdd(T object) {
      enqueue(Change.ADDED, object);
    }

    @Override
    public void onUpdate(T before, T after) {
      if (!Objects.equals(before.getMetadata().getUid(), after.getMetadata().getUid())) {
        // A relist after a lost watch: fabric8's cache is keyed by name, so an object deleted and
        // created again under its name meanwhile comes back as one update. It is two objects.
        enqueue(Change.DELETED, before);
        enqueue(Change.ADDED, after);
      } else if (!Objects.equals(
          before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
        enqueue(Change.MODIFIED, after);
      }
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
      enqueue(Change.DELETED, object);
    }

    private void enqueue(Change change, T object) {
      if (overflowed || closed) {
        return; // the next list finds this change
      }
      Observation observation = toObservation.apply(change, object);
      if (observation != null) {
        offer(
            observation,
            () ->
                change
                    + " of "
                    + object.getMetadata().getNamespace()
                    + "/"
                    + object.getMetadata().getName());
      }
    }
  }
}
