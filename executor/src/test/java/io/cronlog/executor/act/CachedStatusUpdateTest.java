package io.cronlog.executor.act;

import static io.cronlog.executor.act.ActionTestSupport.activate;
import static io.cronlog.executor.act.ActionTestSupport.runJob;
import static io.cronlog.executor.act.ActionTestSupport.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's status changes carried out from the ScheduledJob a watch cached: what they spare,
 * and where they read the API anyway.
 */
@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class CachedStatusUpdateTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:05:00Z");
  static final Instant T1 = Instant.parse("2024-03-01T10:00:00Z");
  static final String SCHEDULED_JOB = "/apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/report";

  KubernetesMockServer server;
  KubernetesClient client;

  private CommandActions actionsWithCache(ScheduledJob... cached) {
    return ActionTestSupport.actionsWithCache(client, NOW, cached);
  }

  private static UpdateStatus update(ScheduledJobRef ref, List<String> remove, Long generation) {
    return new UpdateStatus(
        CronlogRecord.SCHEMA_VERSION,
        "cmd-" + remove + generation,
        NOW,
        ref,
        remove,
        null,
        null,
        Instant.parse("2024-03-01T10:06:00Z"),
        false,
        generation,
        List.of(),
        null);
  }

  @Test
  void anUpdateWhoseScheduledJobIsCachedWritesTheStatusWithoutReadingIt() throws Exception {
    ScheduledJobRef ref = scheduledJob(client, "report");
    CommandActions actions = actionsWithCache(MockApi.get(client, ref));
    MockApi.drainRequests(server);

    ActionResult result = actions.act(update(ref, List.of(), null));

    assertThat(result.result()).isEqualTo(Result.STATUS_UPDATED);
    var requests = MockApi.drainRequests(server);
    assertThat(MockApi.count(requests, "GET", SCHEDULED_JOB)).isZero();
    assertThat(MockApi.count(requests, "PUT", "/status")).isOne();
    assertThat(MockApi.get(client, ref).getStatus().getNextScheduleTime())
        .isEqualTo("2024-03-01T10:06:00Z");
  }

  @Test
  void anUpdateRemovingAJobTheCachedStatusDoesNotListReadsTheApiAndKeepsItIfRunning()
      throws Exception {
    ScheduledJobRef ref = scheduledJob(client, "report");
    ScheduledJob beforeTheRun = MockApi.get(client, ref);
    Job running = runJob(client, ref, T1);
    activate(client, ref, running);
    CommandActions actions = actionsWithCache(beforeTheRun);
    MockApi.drainRequests(server);

    ActionResult result = actions.act(update(ref, List.of(running.getMetadata().getUid()), null));

    assertThat(MockApi.count(MockApi.drainRequests(server), "GET", SCHEDULED_JOB)).isOne();
    assertThat(result.detail()).contains("kept running Jobs");
    assertThat(MockApi.get(client, ref).getStatus().getActive())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(running.getMetadata().getUid()));
  }

  @Test
  void anUpdateForAGenerationTheCacheHasNotSeenReadsTheApi() throws Exception {
    ScheduledJobRef ref = scheduledJob(client, "report");
    ScheduledJob behind = MockApi.get(client, ref);
    behind.getMetadata().setGeneration(0L);
    CommandActions actions = actionsWithCache(behind);
    MockApi.drainRequests(server);

    ActionResult result = actions.act(update(ref, List.of(), 1L));

    assertThat(MockApi.count(MockApi.drainRequests(server), "GET", SCHEDULED_JOB)).isOne();
    assertThat(result.result()).isEqualTo(Result.STATUS_UPDATED);
  }
}
