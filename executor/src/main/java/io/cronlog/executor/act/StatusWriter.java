package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a ScheduledJob's status through the status subresource with optimistic concurrency: read,
 * edit, {@code updateStatus} with the resourceVersion read; on 409 Conflict read again and re-apply
 * the edit, a few times.
 */
public final class StatusWriter {

  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
  static final int MAX_ATTEMPTS = 5;

  /** What became of an update. */
  public enum Written {
    UPDATED,
    UNCHANGED,
    GONE
  }

  private final KubernetesClient kube;

  public StatusWriter(KubernetesClient kube) {
    this.kube = kube;
  }

  /**
   * Applies {@code edit} to the status of the ScheduledJob {@code target} and writes it if the edit
   * changed anything.
   *
   * @param firstRead the object as just read, to save one GET; null to read it here
   * @param edit changes the status it is given and says whether it changed anything
   * @throws KubernetesClientException when the API fails, or conflicts persist (409, transient)
   */
  public Written update(
      ScheduledJobRef target, ScheduledJob firstRead, Predicate<ScheduledJobStatus> edit) {
    ScheduledJob current = firstRead;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (current == null) {
        current =
            kube.resources(ScheduledJob.class)
                .inNamespace(target.namespace())
                .withName(target.name())
                .get();
      }
      if (current == null || !target.uid().equals(current.getMetadata().getUid())) {
        return Written.GONE;
      }
      if (current.getStatus() == null) {
        current.setStatus(new ScheduledJobStatus());
      }
      if (!edit.test(current.getStatus())) {
        return Written.UNCHANGED;
      }
      try {
        kube.resources(ScheduledJob.class)
            .inNamespace(target.namespace())
            .resource(current)
            .updateStatus();
        return Written.UPDATED;
      } catch (KubernetesClientException e) {
        if (!ApiErrors.isConflict(e)) {
          throw e;
        }
        LOG.debug(
            "{}/{}: status changed under us (attempt {}), reading it again",
            target.namespace(),
            target.name(),
            attempt);
        current = null;
      }
    }
    throw new KubernetesClientException(
        "status of "
            + target.namespace()
            + "/"
            + target.name()
            + " kept changing under us for "
            + MAX_ATTEMPTS
            + " attempts",
        ApiErrors.CONFLICT,
        null);
  }
}
