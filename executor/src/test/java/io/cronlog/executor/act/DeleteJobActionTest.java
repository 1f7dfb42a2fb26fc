package io.cronlog.executor.act;

import static io.cronlog.executor.act.ActionTestSupport.activate;
import static io.cronlog.executor.act.ActionTestSupport.runJob;
import static io.cronlog.executor.act.ActionTestSupport.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
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

  private static DeleteJob delete(ScheduledJobRef ref, Job job, String uid) {
    return DeleteJob.of(ref, job.getMetadata().getName(), uid, "history limit", NOW);
  }

  @Test
  void deletesOurJobAndTakesItOutOfActive() throws Exception {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job job = runJob(client, ref, FIRE);
    activate(client, ref, job);
    MockApi.drainRequests(server);

    ActionResult result = actions.act(delete(ref, job, job.getMetadata().getUid()));

    assertThat(result.result()).isEqualTo(Result.DELETED);
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
    assertThat(MockApi.get(client, ref).getStatus().getActive()).isEmpty();
    var deletes = MockApi.drainRequests(server).stream().filter(r -> r.getMethod().equals("DELETE")).toList();
    assertThat(deletes).singleElement()
        .satisfies(r -> assertThat(r.getUtf8Body()).contains("\"propagationPolicy\":\"Background\""));
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .extracting("reason", "message").containsExactly(
            org.assertj.core.groups.Tuple.tuple("SuccessfulDelete", "Deleted job " + job.getMetadata().getName()));
  }

  @Test
  void aRedeliveredDeleteIsAlreadyDone() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job job = runJob(client, ref, FIRE);
    actions.act(delete(ref, job, job.getMetadata().getUid()));

    ActionResult again = actions.act(delete(ref, job, job.getMetadata().getUid()));

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

    ActionResult result = actions.act(delete(other, job, job.getMetadata().getUid()));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }
}
