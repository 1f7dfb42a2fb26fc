package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every ScheduledJob as a watch keeps it (an informer), so that starting a run costs no read of it,
 * as the Kubernetes controller reads its CronJobs from an informer's cache. The cache may be a
 * moment behind the API and cannot say so; it only ever answers for the very object a command names
 * (its uid), and its users read the API directly wherever the cached object would refuse or judge
 * differently ({@link CreateJobAction}).
 */
public final class ScheduledJobCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobCache.class);

  /** A cache that holds nothing: every read goes to the API. */
  static final ScheduledJobCache NONE =
      new ScheduledJobCache(
          key -> null, () -> false, CompletableFuture.completedFuture(null), () -> {});

  /** The object cached under {@code namespace/name}, or null. */
  private final Function<String, ScheduledJob> byKey;

  private final BooleanSupplier synced;

  /** Done once the first list is in, or the cache has failed to get it. */
  private final CompletableFuture<?> started;

  private final Runnable stop;

  private ScheduledJobCache(
      Function<String, ScheduledJob> byKey,
      BooleanSupplier synced,
      CompletableFuture<?> started,
      Runnable stop) {
    this.byKey = byKey;
    this.synced = synced;
    this.started = started;
    this.stop = stop;
  }

  /**
   * A cache that holds {@code objects} as they are now, whatever the API does next: a cache behind,
   * for tests, and for benchmarks that time {@link #copyOf} apart from any API.
   */
  public static ScheduledJobCache frozen(ScheduledJob... objects) {
    Map<String, ScheduledJob> held = new HashMap<>();
    for (ScheduledJob object : objects) {
      held.put(object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(), object);
    }
    return new ScheduledJobCache(
        held::get, () -> true, CompletableFuture.completedFuture(null), () -> {});
  }

  /**
   * Starts listing and watching every namespace's ScheduledJobs; until the first list is in, and
   * whenever the API cannot be reached at start, the cache answers nothing.
   */
  public static ScheduledJobCache watching(KubernetesClient kube) {
    SharedIndexInformer<ScheduledJob> informer =
        kube.resources(ScheduledJob.class).inAnyNamespace().runnableInformer(0);
    CompletableFuture<Void> started = informer.start().toCompletableFuture();
    started.whenComplete(
        (done, e) -> {
          if (e != null) {
            LOG.warn(
                "The ScheduledJob cache could not start; every run reads its ScheduledJob from the API: {}",
                e.toString());
          } else {
            LOG.info("The ScheduledJob cache is in sync");
          }
        });
    return new ScheduledJobCache(
        informer.getStore()::getByKey, informer::hasSynced, started, informer::close);
  }

  /** Whether the cache has its first list of the ScheduledJobs; until then it answers nothing. */
  public boolean synced() {
    return synced.getAsBoolean();
  }

  /**
   * Whether waiting for the first list is over: it is in, or the cache could not start and every
   * run reads the API. A cache that holds nothing by design has nothing to wait for.
   */
  public boolean settled() {
    return started.isDone();
  }

  /**
   * A copy of {@code target} as the cache has it, if it has the object with the target's uid. Its
   * metadata and status are the caller's to change (a run's status write edits them); its spec is
   * the cached object's own, to be read only: a Job template is most of a ScheduledJob, and copying
   * it through JSON for every run was a quarter of a run's CPU.
   */
  public Optional<ScheduledJob> copyOf(ScheduledJobRef target) {
    if (!synced()) {
      return Optional.empty();
    }
    ScheduledJob cached = byKey.apply(target.namespace() + "/" + target.name());
    if (cached == null || !target.uid().equals(cached.getMetadata().getUid())) {
      return Optional.empty();
    }
    ScheduledJob copy = new ScheduledJob();
    copy.setApiVersion(cached.getApiVersion());
    copy.setKind(cached.getKind());
    copy.setMetadata(new ObjectMetaBuilder(cached.getMetadata()).build());
    copy.setSpec(cached.getSpec());
    copy.setStatus(cached.getStatus() == null ? null : cached.getStatus().deepCopy());
    return Optional.of(copy);
  }

  @Override
  public void close() {
    stop.run();
  }
}
