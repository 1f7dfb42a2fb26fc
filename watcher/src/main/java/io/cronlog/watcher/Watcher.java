package io.cronlog.watcher;

import io.cronlog.watcher.lead.LeaseElection;
import io.cronlog.watcher.publish.OpenProducers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher: streams every observed change of ScheduledJobs and their Jobs into {@code
 * cronlog.events} and {@code cronlog.state}. Replicas campaign for a Lease; only the leader watches
 * and publishes, one {@link Term} per leadership, each starting from a fresh read of the last
 * published state so that a takeover publishes exactly the differences.
 */
public final class Watcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

  private final KubernetesClient client;
  private final WatcherConfig config;
  private final Clock clock;
  private final WatcherKafka kafka;
  private final LeaseElection election;
  private final WatcherMetrics metrics;

  /**
   * Starts terms off fabric8's elector thread, which must keep renewing while a term reads the
   * state.
   */
  private final ExecutorService termStarter =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "cronlog-watcher-term"));

  private final CompletableFuture<Void> termination = new CompletableFuture<>();

  /** Guarded by this: the current term, null while following. */
  private Term term;

  private boolean closed;

  /** A watcher whose meters go nowhere. */
  public Watcher(KubernetesClient client, WatcherConfig config, Clock clock) {
    this(client, config, clock, new SimpleMeterRegistry());
  }

  public Watcher(
      KubernetesClient client, WatcherConfig config, Clock clock, MeterRegistry registry) {
    this(client, config, clock, registry, WatcherKafka.of(config));
  }

  /** A watcher on {@code kafka}, which a unit test stands in for. */
  Watcher(
      KubernetesClient client,
      WatcherConfig config,
      Clock clock,
      MeterRegistry registry,
      WatcherKafka kafka) {
    this.client = client;
    this.kafka = kafka;
    this.config = config;
    this.clock = clock;
    this.metrics = new WatcherMetrics(registry);
    this.election =
        new LeaseElection(
            client,
            config.lease(),
            clock,
            new LeaseElection.Candidate() {
              @Override
              public void startLeading() {
                beginTerm();
              }

              @Override
              public void stopLeading() {
                abandonTerm();
              }
            });
    metrics.watch(this::queued, this::isLeading, kafka.openProducers()::now);
  }

  /** Creates missing topics, then campaigns for the lease; the leader watches and publishes. */
  public void start() throws InterruptedException, ExecutionException {
    LOG.info("Starting the watcher: {}", config);
    kafka.topics().ensure();
    election.start();
  }

  /**
   * Completes when the watcher stops: normally after {@link #close()}, exceptionally on a fatal
   * error.
   */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /**
   * False once the watcher stopped for good (closed, or a fatal Kafka error such as being fenced).
   */
  public boolean isRunning() {
    return !termination.isDone();
  }

  /** True while this watcher leads and publishes. */
  public synchronized boolean isLeading() {
    return term != null && term.isPublishing() && election.holdsLease();
  }

  /**
   * True once this leader has published the differences between the cluster and the last published
   * state, so that cronlog.state reflects the cluster as listed; a readiness signal.
   */
  public synchronized boolean isSynced() {
    return term != null && term.isSynced() && election.holdsLease();
  }

  /** Observations waiting to be published by this leader; 0 while following. */
  private synchronized int queued() {
    return term == null ? 0 : term.queued();
  }

  /** This watcher's Kafka producers, over all its terms: what a test of an outage asserts on. */
  OpenProducers openProducers() {
    return kafka.openProducers();
  }

  /** How often an overflow (Kafka away, queue full) made this watcher list the cluster again. */
  public long relists() {
    return (long) metrics.relists();
  }

  /**
   * True while this leader's informers stopped queueing (the queue stayed full, Kafka away), until
   * it lists the cluster again: what a test of an overflow waits for.
   */
  synchronized boolean overflowed() {
    return term != null && term.overflowed();
  }

  private synchronized void beginTerm() {
    if (closed || term != null) {
      return;
    }
    Term started = new Term(client, config, clock, kafka, metrics, election::holdsLease);
    term = started;
    started
        .ended()
        .whenComplete(
            (ignored, error) -> {
              if (error != null) {
                // Refused for good (fenced while holding the lease, unauthorized): stop
                // campaigning.
                termination.completeExceptionally(error);
                giveUpLease();
              }
            });
    termStarter.execute(
        () -> {
          try {
            started.start();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            if (started.isAbandoned() || isClosed()) {
              LOG.info(
                  "A term ended while starting: {}",
                  e.toString()); // its informers were closed under it
              return;
            }
            LOG.error("A term failed to start; giving up the lease", e);
            termination.completeExceptionally(e);
            giveUpLease();
          }
        });
  }

  /**
   * Releases the lease on a thread of its own: the term's threads are interrupted when the watcher
   * closes, and an interrupted release leaves the Lease held, so a follower would wait it out.
   */
  private void giveUpLease() {
    Thread release = new Thread(election::close, "cronlog-watcher-release");
    release.setDaemon(true);
    release.start();
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private void abandonTerm() {
    Term ending;
    synchronized (this) {
      ending = term;
      term = null;
    }
    if (ending != null) {
      ending.abandon();
    }
  }

  /** Publishes what is queued, releases the lease, then stops; idempotent. */
  @Override
  public void close() {
    Term ending;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ending = term;
      term = null;
    }
    if (ending != null) {
      ending.close();
    }
    election.close();
    termStarter.shutdownNow();
    try {
      termStarter.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    termination.complete(null);
    LOG.info("The watcher stopped");
  }
}
