package io.cronlog.executor.act;

import io.cronlog.records.KubeTimes;
import io.cronlog.api.ScheduledJob;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on a ScheduledJob, once each: the Event's name derives from what it is
 * about, so recording it again after a redelivery finds it there instead of adding a duplicate.
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  /** The reporting component, as the CronJob controller's is {@code cronjob-controller}. */
  public static final String COMPONENT = "cronlog";
  static final String INSTANCE = "cronlog-executor";

  private final KubernetesClient kube;
  private final Clock clock;

  public EventRecorder(KubernetesClient kube, Clock clock) {
    this.kube = kube;
    this.clock = clock;
  }

  /**
   * Creates the Event unless it exists.
   *
   * @param identity what makes this Event one and the same across redeliveries (a command id and reason)
   * @return true if it was created now, false if it was already there
   * @throws KubernetesClientException for any other failure
   */
  public boolean record(ScheduledJobRef target, String identity, EventType type, String reason, String message) {
    String now = KubeTimes.format(clock.instant());
    Event event = new EventBuilder()
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
        .withNewSource().withComponent(COMPONENT).endSource()
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
  public void recordQuietly(ScheduledJobRef target, String identity, EventType type, String reason, String message) {
    try {
      record(target, identity, type, reason, message);
    } catch (KubernetesClientException e) {
      LOG.warn("{}/{}: could not record Event {} ({}): {}", target.namespace(), target.name(), reason,
          message, e.getMessage());
    }
  }

  /** {@code <scheduledjob>.<16 hex digits of the identity's SHA-256>}. */
  static String eventName(String scheduledJobName, String identity) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return scheduledJobName + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
