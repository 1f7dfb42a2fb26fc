package io.cronlog.cli.status;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

/** Who leads the watchers: the Lease they campaign for, as the Kubernetes API holds it. */
final class WatcherLease {

  private WatcherLease() {}

  /**
   * The Lease {@code namespace/name} at {@code now}. A Lease that cannot be read is a {@link
   * SystemStatus.Watcher#problem()}, not a failure: the rest of the status is Kafka's.
   */
  static SystemStatus.Watcher read(
      KubernetesClient client, String namespace, String name, Clock clock) {
    String lease = namespace + "/" + name;
    Lease found;
    try {
      found = client.resources(Lease.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      String reason =
          e.getCode() > 0
              ? "HTTP " + e.getCode() + " " + e.getStatus().getMessage()
              : e.getMessage();
      return SystemStatus.Watcher.unreadable(
          lease,
          "the Kubernetes API at " + client.getMasterUrl() + " did not answer: " + oneLine(reason));
    }
    if (found == null || found.getSpec() == null) {
      return SystemStatus.Watcher.unreadable(
          lease, "no Lease " + lease + ": no watcher has led yet");
    }
    return of(lease, found.getSpec(), clock.instant());
  }

  /**
   * What {@code spec} says at {@code now}; it is current while its last renewal plus its duration
   * is ahead.
   */
  static SystemStatus.Watcher of(String lease, LeaseSpec spec, Instant now) {
    Instant renewed = instant(spec.getRenewTime());
    Integer seconds = spec.getLeaseDurationSeconds();
    Boolean current =
        renewed == null || seconds == null ? null : !renewed.plusSeconds(seconds).isBefore(now);
    String holder =
        spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()
            ? null
            : spec.getHolderIdentity();
    return new SystemStatus.Watcher(
        lease,
        holder,
        instant(spec.getAcquireTime()),
        renewed,
        renewed == null ? null : Duration.between(renewed, now),
        seconds,
        spec.getLeaseTransitions(),
        holder == null ? Boolean.FALSE : current,
        null);
  }

  private static Instant instant(ZonedDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
