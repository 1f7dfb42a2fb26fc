package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on a ScheduledJob, once each: the Event's name derives from what it is
 * about, so recording it again after a redelivery finds it there instead of adding a duplicate.
 * Events about a run go out {@linkplain #recordLater later}, from threads of their own, as the
 * Kubernetes event recorder sends them: a burst of runs waits for its Jobs, not for its Events.
 */
public final class EventRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  /** The reporting component, as the CronJob controller's is {@code cronjob-controller}. */
  public static final String COMPONENT = "cronlog";

  static final String INSTANCE = "cronlog-executor";

  /** Threads that send the Events recorded later; their API calls have a budget of their own. */
  private static final int SENDERS = 2;

  private final KubernetesClient kube;
  private final Clock clock;
  private final JobCreations creations;
  private final ExecutorService senders;
  private final Set<CompletableFuture<Void>> unsent = ConcurrentHashMap.newKeySet();

  public EventRecorder(KubernetesClient kube, Clock clock) {
    this(kube, clock, new JobCreations());
  }

  /**
   * A recorder whose later Events yield to {@code creations} (for at most {@link
   * JobCreations#MAX_YIELD} from when each was asked for).
   */
  EventRecorder(KubernetesClient kube, Clock clock, JobCreations creations) {
    this.kube = kube;
    this.clock = clock;
    this.creations = creations;
    this.senders = DaemonThreads.pool("cronlog-executor-events", SENDERS);
  }

  /**
   * Creates the Event unless it exists.
   *
   * @param identity what makes this Event one and the same across redeliveries (a command id and
   *     reason)
   * @return true if it was created now, false if it was already there
   * @throws KubernetesClientException for any other failure
   */
  public boolean record(
      ScheduledJobRef target, String identity, EventType type, String reason, String message) {
    String now = KubeTimes.format(clock.instant());
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName(target.name(), identity))
            .withNamespace(target.namespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(ScheduledJob.API_VERSION)
            .withKind(ScheduledJob.KIND)
            .withNamespace(target.namespace())
            .withName(target.name())
            .withUid(target.uid())
            .endInvolvedObject()
            .withType(type.name())
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(INSTANCE)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      kube.v1().events().inNamespace(target.namespace()).resource(event).create();
      return true;
    } catch (KubernetesClientException e) {
      if (ApiErrors.isAlreadyExists(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Records an Event about the executor's own action. An Event is a courtesy to the user: its
   * failure is logged and does not undo or repeat the action.
   */
  public void recordQuietly(
      ScheduledJobRef target, String identity, EventType type, String reason, String message) {
    try {
      record(target, identity, type, reason, message);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: could not record Event {} ({}): {}",
          target.namespace(),
          target.name(),
          reason,
          message,
          e.getMessage());
    }
  }

  /**
   * {@link #recordQuietly} on another thread. The future completes once the Event is written or its
   * failure logged, and is cancelled if the recorder closes first: the command it belongs to is
   * then not done, and its next owner records the Event.
   */
  public CompletableFuture<Void> recordLater(
      ScheduledJobRef target, String identity, EventType type, String reason, String message) {
    long askedAt = System.nanoTime();
    CompletableFuture<Void> recorded = new CompletableFuture<>();
    unsent.add(recorded);
    recorded.whenComplete((done, cancelled) -> unsent.remove(recorded));
    try {
      senders.execute(
          () -> {
            creations.yieldTo(askedAt, JobCreations.MAX_YIELD);
            recordQuietly(target, identity, type, reason, message);
            recorded.complete(null);
          });
    } catch (RejectedExecutionException closed) {
      recorded.cancel(false);
    }
    return recorded;
  }

  /** Stops sending; Events not sent yet are the next owner's (see {@link #recordLater}). */
  @Override
  public void close() {
    senders.shutdownNow();
    List.copyOf(unsent).forEach(event -> event.cancel(false));
  }

  /** {@code <scheduledjob>.<16 hex digits of the identity's SHA-256>}. */
  static String eventName(String scheduledJobName, String identity) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return scheduledJobName + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
