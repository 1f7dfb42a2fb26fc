package io.cronlog.watcher.lead;

import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns for a {@code coordination.k8s.io/v1} Lease with fabric8's {@code LeaderElector}, and
 * campaigns again after each lost term (an elector leads once). It also tells the publishing thread
 * whether the lease is still surely held ({@link #holdsLease()}): fabric8 notices a lost lease only
 * on its next renewal, so a publisher checks the time of the last successful renewal itself before
 * each transaction.
 */
public final class LeaseElection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseElection.class);

  /**
   * What a term of leadership does; both are called on fabric8's elector thread and must not block.
   */
  public interface Candidate {
    void startLeading();

    void stopLeading();
  }

  private final KubernetesClient client;
  private final WatcherConfig.Lease lease;
  private final String namespace;
  private final Clock clock;
  private final Candidate candidate;

  /** Guarded by this: the running elector's future, cancelled on close. */
  private CompletableFuture<?> running;

  private boolean closed;

  /** When the last successful create or update of the lease was sent; null while not leading. */
  private volatile Instant renewedAt;

  /** Completed once the current term's lead has ended (after the release); null before any lead. */
  private volatile CompletableFuture<Void> leadEnded;

  public LeaseElection(
      KubernetesClient client, WatcherConfig.Lease lease, Clock clock, Candidate candidate) {
    this.client = client;
    this.lease = lease;
    this.namespace =
        lease.namespace() != null
            ? lease.namespace()
            : client.getNamespace() != null ? client.getNamespace() : "default";
    this.clock = clock;
    this.candidate = candidate;
  }

  /** Starts campaigning; returns at once. */
  public synchronized void start() {
    if (closed) {
      return;
    }
    LOG.info("Campaigning for Lease {}/{} as {}", namespace, lease.name(), lease.identity());
    LeaderElectionConfig config =
        new LeaderElectionConfig(
            new RenewalClock(new LeaseLock(namespace, lease.name(), lease.identity())),
            lease.duration(),
            lease.renewDeadline(),
            lease.retryPeriod(),
            new LeaderCallbacks(this::onStart, this::onStop, this::onNewLeader),
            true,
            lease.name());
    CompletableFuture<?> future = client.leaderElector().withConfig(config).build().start();
    running = future;
    // An elector ends after its one term (or an error); a new one campaigns again.
    future.whenComplete(
        (ignored, error) -> {
          if (error != null && !future.isCancelled()) {
            LOG.warn(
                "Lease {}/{}: election ended with an error, campaigning again: {}",
                namespace,
                lease.name(),
                error.toString());
          }
          start();
        });
  }

  /**
   * True while this candidate surely holds the lease: it renewed it less than the renew deadline
   * ago, so no other candidate may have taken it (they wait the longer lease duration).
   */
  public boolean holdsLease() {
    Instant at = renewedAt;
    return at != null && clock.instant().isBefore(at.plus(lease.renewDeadline()));
  }

  /**
   * Stops campaigning and, when leading, releases the lease so that a follower takes over at once.
   * Waits for the release, at most the renew deadline: fabric8 releases on its own thread, and a
   * process that exits first leaves the Lease held for a follower to wait out.
   */
  @Override
  public void close() {
    CompletableFuture<?> future;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      future = running;
    }
    if (future != null) {
      future.cancel(true);
    }
    CompletableFuture<Void> ended = leadEnded;
    if (ended != null) {
      try {
        ended.get(lease.renewDeadline().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn(
            "Lease {}/{}: not released within {}; a follower waits until it expires",
            namespace,
            lease.name(),
            lease.renewDeadline());
      }
    }
  }

  private void onStart() {
    leadEnded = new CompletableFuture<>();
    LOG.info("Lease {}/{}: {} leads", namespace, lease.name(), lease.identity());
    candidate.startLeading();
  }

  private void onStop() {
    renewedAt = null;
    LOG.info("Lease {}/{}: {} no longer leads", namespace, lease.name(), lease.identity());
    try {
      candidate.stopLeading();
    } finally {
      CompletableFuture<Void> ended = leadEnded;
      if (ended != null) {
        ended.complete(null);
      }
    }
  }

  private void onNewLeader(String identity) {
    LOG.info("Lease {}/{}: the leader is {}", namespace, lease.name(), identity);
  }

  /** Notes when each write of the lease that succeeded was sent: the lease is held from then on. */
  private final class RenewalClock implements Lock {
    private final Lock delegate;

    RenewalClock(Lock delegate) {
      this.delegate = delegate;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
      return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
      Instant sent = clock.instant();
      delegate.create(client, record);
      renewedAt = identity().equals(record.getHolderIdentity()) ? sent : null;
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
      Instant sent = clock.instant();
      delegate.update(client, record);
      renewedAt = identity().equals(record.getHolderIdentity()) ? sent : null;
    }

    @Override
    public String identity() {
      return delegate.identity();
    }

    @Override
    public String describe() {
      return delegate.describe();
    }
  }
}
