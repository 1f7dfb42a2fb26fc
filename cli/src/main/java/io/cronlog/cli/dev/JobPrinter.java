package io.cronlog.cli.dev;

import io.cronlog.records.KubeTimes;
import io.cronlog.api.Runs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Prints one line per Job created for a run: its name, its scheduled time and the skew. */
final class JobPrinter implements AutoCloseable {

  private final KubernetesClient client;
  private final PrintWriter out;
  private final Clock clock;
  private SharedIndexInformer<Job> informer;

  JobPrinter(KubernetesClient client, PrintWriter out, Clock clock) {
    this.client = client;
    this.out = out;
    this.clock = clock;
  }

  void start() {
    informer = client.batch().v1().jobs().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        print(job);
      }

      @Override
      public void onUpdate(Job before, Job after) {}

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {}
    }, 0);
  }

  private void print(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String scheduledAt = annotations == null ? null : annotations.get(Runs.SCHEDULED_AT_ANNOTATION);
    if (scheduledAt == null) {
      return;
    }
    Instant scheduled = KubeTimes.parse(scheduledAt);
    Duration skew = Duration.between(scheduled, clock.instant());
    synchronized (out) {
      out.printf("job %s/%s scheduled at %s, seen %.1f s after it%n", job.getMetadata().getNamespace(),
          job.getMetadata().getName(), scheduledAt, skew.toMillis() / 1000.0);
      out.flush();
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
