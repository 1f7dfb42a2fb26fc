package io.cronlog.cli.dev;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints one line per Job created for a run: its name, whether it was scheduled or asked for by
 * hand, when (always in UTC, so lines compare at a glance, with the local time beside it when the
 * ScheduledJob has a time zone) and how long after that it was seen.
 */
final class JobPrinter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobPrinter.class);
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter LOCAL_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final KubernetesClient client;
  private final PrintWriter out;
  private final Clock clock;

  /**
   * Jobs made before this (by an earlier cronlog dev, on kept data) are not news; creation times
   * are in seconds.
   */
  private final Instant since;

  private SharedIndexInformer<Job> informer;

  /** Prints the Jobs created from {@code since} on. */
  JobPrinter(KubernetesClient client, PrintWriter out, Clock clock, Instant since) {
    this.client = client;
    this.out = out;
    this.clock = clock;
    this.since = since.truncatedTo(ChronoUnit.SECONDS);
  }

  void start() {
    informer =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    print(job);
                  }

                  @Override
                  public void onUpdate(Job before, Job after) {}

                  @Override
                  public void onDelete(Job job, boolean finalStateUnknown) {}
                },
                0);
  }

  private void print(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(Runs.SCHEDULED_AT_ANNOTATION)) {
      return;
    }
    String created = job.getMetadata().getCreationTimestamp();
    if (created != null && Instant.parse(created).isBefore(since)) {
      return;
    }
    String line = line(job, timeZone(job), clock.instant());
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /**
   * The line for a Job of a run, seen at {@code now}; {@code timeZone} is its ScheduledJob's, or
   * null for none (or unknown: then the offset the Job's scheduled-at carries, if not UTC).
   */
  static String line(Job job, String timeZone, Instant now) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    OffsetDateTime at = OffsetDateTime.parse(annotations.get(Runs.SCHEDULED_AT_ANNOTATION));
    Instant instant = at.toInstant();
    boolean manual = annotations.containsKey(Runs.TRIGGER_ANNOTATION);
    StringBuilder line =
        new StringBuilder("job ")
            .append(job.getMetadata().getNamespace())
            .append('/')
            .append(job.getMetadata().getName())
            .append(manual ? ": manual run asked for at " : ": scheduled run of ")
            .append(UTC.format(instant.atOffset(ZoneOffset.UTC)));
    ZoneId zone = zone(timeZone, at.getOffset());
    if (zone != null) {
      ZonedDateTime local = instant.atZone(zone);
      boolean sameDay = local.toLocalDate().equals(instant.atOffset(ZoneOffset.UTC).toLocalDate());
      line.append(" (")
          .append((sameDay ? LOCAL_TIME : LOCAL_DATE_TIME).format(local))
          .append(' ')
          .append(zone)
          .append(')');
    }
    double seconds = Duration.between(instant, now).toMillis() / 1000.0;
    return line.append(String.format(", seen %.1f s after it", seconds)).toString();
  }

  /** The zone to show local time in; null for UTC, where the UTC time says it all. */
  private static ZoneId zone(String timeZone, ZoneOffset offset) {
    ZoneId zone = offset;
    if (timeZone != null && !timeZone.isEmpty()) {
      try {
        zone = ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        // The scheduler refuses such a ScheduledJob; the offset the Job carries is all there is.
      }
    }
    return zone.normalized().equals(ZoneOffset.UTC) ? null : zone;
  }

  /** The time zone of the Job's ScheduledJob; null when it has none or is gone. */
  private String timeZone(Job job) {
    String name =
        job.getMetadata().getLabels() == null
            ? null
            : job.getMetadata().getLabels().get(Runs.SCHEDULED_JOB_LABEL);
    if (name == null) {
      return null;
    }
    try {
      ScheduledJob owner =
          client
              .resources(ScheduledJob.class)
              .inNamespace(job.getMetadata().getNamespace())
              .withName(name)
              .get();
      return owner == null || owner.getSpec() == null ? null : owner.getSpec().getTimeZone();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not read the ScheduledJob {}/{} of Job {}",
          job.getMetadata().getNamespace(),
          name,
          job.getMetadata().getName(),
          e);
      return null;
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
