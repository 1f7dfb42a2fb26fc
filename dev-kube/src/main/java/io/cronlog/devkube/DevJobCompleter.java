package io.cronlog.devkube;

import io.cronlog.schedule.GoDuration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks Jobs finished after a while, so history limits and concurrency policies can be seen in dev.
 *
 * <p>There are no pods in the dev API. A Job without a terminal condition is marked started at once
 * ({@code startTime} = its creation, {@code active: 1}) and, once its duration has passed, Complete
 * ({@code succeeded: 1}, {@code completionTime}, conditions SuccessCriteriaMet and Complete) or,
 * with annotation {@value #RESULT_ANNOTATION}{@code : Failed}, Failed ({@code failed: 1},
 * conditions FailureTarget and Failed). The duration is annotation {@value #DURATION_ANNOTATION}
 * ({@code 10s}, {@code 2m}, {@code PT1M}) or the default. All writes go through the status
 * subresource.
 *
 * <p>Concurrency: the informer's thread only reads Jobs and records when each is due, in {@code
 * due} (a concurrent map). A single timer thread, owned by this class, makes every write, so two
 * updates of one Job never race each other.
 */
public final class DevJobCompleter implements AutoCloseable {

  public static final String DURATION_ANNOTATION = "cronlog.io/dev-duration";
  public static final String RESULT_ANNOTATION = "cronlog.io/dev-result";
  private static final Logger LOG = LoggerFactory.getLogger(DevJobCompleter.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration defaultDuration;
  private final ScheduledExecutorService timer;
  private final Map<JobKey, Instant> due = new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<Job> informer;
  private volatile boolean closed;

  public DevJobCompleter(KubernetesClient client, Clock clock, Duration defaultDuration) {
    this.client = client;
    this.clock = clock;
    this.defaultDuration = defaultDuration;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "dev-job-completer");
              thread.setDaemon(true);
              return thread;
            });
  }

  private record JobKey(String namespace, String name) {
    static JobKey of(Job job) {
      return new JobKey(job.getMetadata().getNamespace(), job.getMetadata().getName());
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /** Starts watching Jobs in every namespace; returns once the informer has synced. */
  public void start() {
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
                    observe(job);
                  }

                  @Override
                  public void onUpdate(Job before, Job job) {
                    observe(job);
                  }

                  @Override
                  public void onDelete(Job job, boolean finalStateUnknown) {
                    due.remove(JobKey.of(job));
                  }
                },
                0);
  }

  @Override
  public void close() {
    closed = true;
    SharedIndexInformer<Job> running = informer;
    if (running != null) {
      running.close();
    }
    timer.shutdownNow();
  }

  /**
   * Finishes every Job whose time has come; the timer calls it, and tests with a settable clock.
   */
  void completeDue() {
    Instant now = clock.instant();
    due.forEach(
        (key, at) -> {
          if (!at.isAfter(now) && due.remove(key, at)) {
            finish(key);
          }
        });
  }

  private void observe(Job job) {
    JobKey key = JobKey.of(job);
    if (isFinished(job)) {
      due.remove(key);
      return;
    }
    boolean started = job.getStatus() != null && job.getStatus().getStartTime() != null;
    Instant start = started ? Instant.parse(job.getStatus().getStartTime()) : createdOrNow(job);
    if (!started) {
      timer.execute(() -> markStarted(key, start));
    }
    Instant at = start.plus(duration(job));
    if (due.putIfAbsent(key, at) == null) {
      scheduleFinish(key, at);
    }
  }

  private void scheduleFinish(JobKey key, Instant at) {
    // Rounded up: the wall clock and the timer's clock may disagree by a millisecond.
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis() + 1);
    timer.schedule(() -> finishIfDue(key, at), delay, TimeUnit.MILLISECONDS);
  }

  private void finishIfDue(JobKey key, Instant at) {
    if (!due.containsKey(key) || !at.equals(due.get(key))) {
      return;
    }
    if (clock.instant().isBefore(at)) {
      scheduleFinish(key, at);
    } else if (due.remove(key, at)) {
      finish(key);
    }
  }

  private void markStarted(JobKey key, Instant start) {
    edit(
        key,
        job ->
            job.getStatus() != null && job.getStatus().getStartTime() != null
                ? job
                : new JobBuilder(job)
                    .editOrNewStatus()
                    .withStartTime(start.toString())
                    .withActive(1)
                    .endStatus()
                    .build());
  }

  private void finish(JobKey key) {
    edit(
        key,
        job -> {
          if (isFinished(job)) {
            return job;
          }
          String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
          boolean failed = "Failed".equalsIgnoreCase(annotation(job, RESULT_ANNOTATION));
          JobBuilder finished = new JobBuilder(job);
          var status = finished.editOrNewStatus().withActive(null).withReady(0);
          if (failed) {
            status
                .withFailed(1)
                .withConditions(
                    List.of(
                        condition(
                            "FailureTarget",
                            "BackoffLimitExceeded",
                            "Job has reached the specified backoff limit",
                            now),
                        condition(
                            "Failed",
                            "BackoffLimitExceeded",
                            "Job has reached the specified backoff limit",
                            now)));
          } else {
            status
                .withSucceeded(1)
                .withCompletionTime(now)
                .withConditions(
                    List.of(
                        condition(
                            "SuccessCriteriaMet",
                            "CompletionsReached",
                            "Reached expected number of succeeded pods",
                            now),
                        condition(
                            "Complete",
                            "CompletionsReached",
                            "Reached expected number of succeeded pods",
                            now)));
          }
          LOG.info("dev Job {} {}", key, failed ? "failed" : "completed");
          return status.endStatus().build();
        });
  }

  private void edit(JobKey key, UnaryOperator<Job> change) {
    // Another writer (the executor, a user) may update the Job between our read and our write.
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(key.namespace())
            .withName(key.name())
            .editStatus(change);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < 3) {
          LOG.debug("dev Job {} changed while being updated; retrying", key);
        } else if (isInterruption(e)) {
          // close() interrupts a write in flight; keep the flag for the executor to see.
          Thread.currentThread().interrupt();
          return;
        } else if (e.getCode() == 404) {
          LOG.debug("dev Job {} is gone", key);
          return;
        } else {
          LOG.warn("cannot update the status of dev Job {}", key, e);
          return;
        }
      }
    }
  }

  private boolean isInterruption(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
        return true;
      }
    }
    return closed && Thread.currentThread().isInterrupted();
  }

  /** A duration as Go writes it ({@code 10s}, {@code 1m30s}) or as ISO-8601 ({@code PT10S}). */
  static Duration parseDuration(String text) {
    String s = text.trim();
    return s.startsWith("P") || s.startsWith("p") ? Duration.parse(s) : GoDuration.parse(s);
  }

  private Duration duration(Job job) {
    String text = annotation(job, DURATION_ANNOTATION);
    if (text == null) {
      return defaultDuration;
    }
    try {
      return parseDuration(text);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      LOG.warn(
          "dev Job {}: annotation {} is {}; using the default {}",
          JobKey.of(job),
          DURATION_ANNOTATION,
          e.getMessage(),
          defaultDuration);
      return defaultDuration;
    }
  }

  private Instant createdOrNow(Job job) {
    String created = job.getMetadata().getCreationTimestamp();
    return created == null
        ? clock.instant().truncatedTo(ChronoUnit.SECONDS)
        : Instant.parse(created);
  }

  private static String annotation(Job job, String name) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }

  private static boolean isFinished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  private static JobCondition condition(String type, String reason, String message, String now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }
}
