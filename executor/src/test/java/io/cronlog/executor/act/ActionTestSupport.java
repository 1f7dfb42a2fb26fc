package io.cronlog.executor.act;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.MockApi;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared steps of the action tests: a ScheduledJob and its Jobs in the mock API. */
final class ActionTestSupport {

  private ActionTestSupport() {}

  /**
   * The actions at {@code now}, reading ScheduledJobs from a cache that holds {@code cached} as
   * they are, whatever the API does next.
   */
  static CommandActions actionsWithCache(
      KubernetesClient client, Instant now, ScheduledJob... cached) {
    return CommandActions.on(
        client,
        ScheduledJobCache.frozen(cached),
        Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofMinutes(1));
  }

  static ScheduledJobRef scheduledJob(KubernetesClient client, String name) {
    return scheduledJob(client, name, "* * * * *", ConcurrencyPolicy.Allow);
  }

  static ScheduledJobRef scheduledJob(
      KubernetesClient client, String name, String schedule, ConcurrencyPolicy policy) {
    ScheduledJob sj = MockApi.scheduledJob("team-a", name, schedule, null);
    sj.getSpec().setConcurrencyPolicy(policy);
    return ScheduledJobRef.of(MockApi.create(client, sj));
  }

  /** Creates the Job of the run at {@code at}, as the executor would, and returns it as stored. */
  static Job runJob(KubernetesClient client, ScheduledJobRef ref, Instant at) {
    ScheduledJob live = MockApi.get(client, ref);
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ref.namespace())
        .resource(RunJobs.jobFor(live, at))
        .create();
  }

  /** Marks a Job as finished, as the Job controller would. */
  static Job finish(KubernetesClient client, Job job, String type) {
    job.setStatus(
        new JobStatusBuilder()
            .withConditions(new JobConditionBuilder().withType(type).withStatus("True").build())
            .build());
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .resource(job)
        .updateStatus();
  }

  /** Puts Jobs into {@code status.active}, as earlier CreateJob commands would have. */
  static void activate(KubernetesClient client, ScheduledJobRef ref, Job... jobs) {
    new StatusWriter(client)
        .update(
            ref,
            null,
            s -> {
              boolean changed = false;
              for (Job job : jobs) {
                changed |= StatusEdits.addActive(s, RunJobs.referenceTo(job));
              }
              return changed;
            });
  }
}
