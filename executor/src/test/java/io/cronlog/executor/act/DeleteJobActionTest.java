package io.cronlog.executor.act;

import static io.cronlog.executor.act.ActionTestSupport.activate;
import static io.cronlog.executor.act.ActionTestSupport.finish;
import static io.cronlog.executor.act.ActionTestSupport.runJob;
import static io.cronlog.executor.act.ActionTestSupport.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class DeleteJobActionTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:05:00Z");
  static final Instant FIRE = Instant.parse("2024-03-01T10:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  CommandActions actions;

  @BeforeEach
  void setUp() throws Exception {
    actions = MockApi.actionsAt(client, NOW);
  }

  private static DeleteJob delete(ScheduledJobRef ref, Job job) {
    return delete(ref, job, job.getMetadata().getUid());
  }

  private static DeleteJob delete(ScheduledJobRef ref, Job job, String uid) {
    return DeleteJob.of(ref, job.getMetadata().getName(), uid, "history limit", NOW);
  }

  /**
   * Four succeeded runs, one a minute up to {@link #FIRE}, oldest first: one more than the default
   * limit keeps.
   */
  private Job[] fourSucceededRuns(ScheduledJobRef ref) {
    Job[] jobs = new Job[4];
    for (int i = 0; i < 4; i++) {
      jobs[i] = finish(client, runJob(client, ref, FIRE.minusSeconds(60L * (3 - i))), "Complete");
    }
    return jobs;
  }

  @Test
  void deletesAFinishedJobBeyondTheHistoryLimitAndTakesItOutOfActive() throws Exception {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job[] jobs = fourSucceededRuns(ref);
    activate(client, ref, jobs[0]);
    MockApi.drainRequests(server);

    ActionResult result = actions.act(delete(ref, jobs[0]));

    assertThat(result.result()).isEqualTo(Result.DELETED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(3);
    assertThat(MockApi.get(client, ref).getStatus().getActive()).isEmpty();
    var deletes =
        MockApi.drainRequests(server).stream().filter(r -> r.getMethod().equals("DELETE")).toList();
    assertThat(deletes)
        .singleElement()
        .satisfies(
            r -> assertThat(r.getUtf8Body()).contains("\"propagationPolicy\":\"Background\""));
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .extracting("reason", "message")
        .containsExactly(
            tuple("SuccessfulDelete", "Deleted job " + jobs[0].getMetadata().getName()));
  }

  @Test
  void refusesToDeleteAFinishedJobTheHistoryLimitKeeps() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job[] jobs = fourSucceededRuns(ref);

    ActionResult result = actions.act(delete(ref, jobs[1]));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail())
        .contains("among the newest 3 succeeded Jobs that successfulJobsHistoryLimit keeps");
    assertThat(MockApi.jobs(client, "team-a")).hasSize(4);
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .extracting("type", "reason")
        .containsExactly(tuple("Warning", "CommandRefused"));
  }

  @Test
  void refusesToDeleteARunningJobUnderAllow() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job running = runJob(client, ref, FIRE);

    ActionResult result = actions.act(delete(ref, running));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail())
        .contains("is running and no newer run replaces it (concurrencyPolicy Allow)");
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }

  @Test
  void replaceDeletesARunningJobOnceANewerRunIsDue() {
    ScheduledJobRef ref = scheduledJob(client, "report", "* * * * *", ConcurrencyPolicy.Replace);
    Job running = runJob(client, ref, FIRE);

    ActionResult result = actions.act(delete(ref, running));

    assertThat(result.result()).isEqualTo(Result.DELETED);
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void replaceKeepsARunningJobWhileNoNewerRunIsDue() {
    ScheduledJobRef ref = scheduledJob(client, "report", "0 * * * *", ConcurrencyPolicy.Replace);
    Job running = runJob(client, ref, FIRE);

    ActionResult result = actions.act(delete(ref, running));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }

  @Test
  void replaceDeletesARunningJobForAManualRunAskedFor() {
    ScheduledJobRef ref = scheduledJob(client, "report", "0 * * * *", ConcurrencyPolicy.Replace);
    Job running = runJob(client, ref, FIRE);
    client
        .resources(ScheduledJob.class)
        .inNamespace("team-a")
        .withName("report")
        .edit(
            sj -> {
              sj.getMetadata().setAnnotations(Map.of(Runs.TRIGGER_ANNOTATION, "now-please"));
              return sj;
            });

    ActionResult result = actions.act(delete(ref, running));

    assertThat(result.result()).isEqualTo(Result.DELETED);
  }

  @Test
  void aRedeliveredDeleteIsAlreadyDone() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job[] jobs = fourSucceededRuns(ref);
    actions.act(delete(ref, jobs[0]));

    ActionResult again = actions.act(delete(ref, jobs[0]));

    assertThat(again.result()).isEqualTo(Result.ALREADY_DONE);
    assertThat(client.v1().events().inNamespace("team-a").list().getItems()).hasSize(1);
  }

  @Test
  void refusesToDeleteAJobWithAnotherUid() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job job = runJob(client, ref, FIRE);

    ActionResult result = actions.act(delete(ref, job, "uid-of-an-older-job"));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }

  @Test
  void refusesToDeleteAJobThatAnotherScheduledJobControls() {
    ScheduledJobRef owner = scheduledJob(client, "report");
    ScheduledJobRef other = scheduledJob(client, "other");
    Job job = runJob(client, owner, FIRE);

    ActionResult result = actions.act(delete(other, job));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }
}
