package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run started from the ScheduledJob a watch cached: what it spares, and where it reads the API
 * anyway.
 */
@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class CachedRunTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:00:30Z");
  static final Instant FIRE = Instant.parse("2024-03-01T10:00:00Z");
  static final String SCHEDULED_JOB = "/apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/report";

  KubernetesMockServer server;
  KubernetesClient client;
  ScheduledJobRef ref;

  @BeforeEach
  void setUp() throws Exception {
    MockApi.installCrd(client);
    ref =
        ScheduledJobRef.of(
            MockApi.create(client, MockApi.scheduledJob("team-a", "report", "* * * * *", null)));
  }

  private CommandActions actionsWithCache(ScheduledJob... cached) {
    return ActionTestSupport.actionsWithCache(client, NOW, cached);
  }

  private static CreateJob run(ScheduledJobRef ref) {
    return CreateJob.forRun(ref, FIRE, RunReason.SCHEDULED, null, NOW);
  }

  @Test
  void aRunWhoseScheduledJobIsCachedCreatesItsJobWithoutReadingTheScheduledJob() throws Exception {
    CommandActions actions = actionsWithCache(MockApi.get(client, ref));
    MockApi.drainRequests(server);

    ActionResult result = actions.act(run(ref));

    assertThat(result.result()).isEqualTo(Result.CREATED);
    var requests = MockApi.drainRequests(server);
    assertThat(MockApi.count(requests, "GET", SCHEDULED_JOB)).isZero();
    assertThat(MockApi.count(requests, "POST", "/jobs")).isOne();
    assertThat(MockApi.get(client, ref).getStatus().getActive())
        .singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo(Runs.jobName("report", FIRE)));
  }

  @Test
  void aCachedScheduledJobThatWouldRefuseTheRunIsReadAgainFromTheApi() throws Exception {
    // The cache is behind: it still has the suspension the user has just lifted.
    ScheduledJob stale = MockApi.get(client, ref);
    stale.getSpec().setSuspend(true);
    CommandActions actions = actionsWithCache(stale);
    MockApi.drainRequests(server);

    ActionResult result = actions.act(run(ref));

    assertThat(result.result()).isEqualTo(Result.CREATED);
    assertThat(MockApi.count(MockApi.drainRequests(server), "GET", SCHEDULED_JOB)).isOne();
  }

  @Test
  void aCachedScheduledJobOfAnotherUidIsNotUsed() throws Exception {
    ScheduledJob earlierIncarnation = MockApi.get(client, ref);
    earlierIncarnation.getMetadata().setUid("uid-of-the-one-deleted-before");
    CommandActions actions = actionsWithCache(earlierIncarnation);
    MockApi.drainRequests(server);

    ActionResult result = actions.act(run(ref));

    assertThat(result.result()).isEqualTo(Result.CREATED);
    assertThat(MockApi.count(MockApi.drainRequests(server), "GET", SCHEDULED_JOB)).isOne();
  }

  @Test
  void aCacheBehindTheStatusStartsARunAlreadyMadeOnlyOnce() {
    ScheduledJob beforeTheRun = MockApi.get(client, ref);
    CommandActions.on(client, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1))
        .act(run(ref));

    // Redelivered to an executor whose cache has not seen the status write yet.
    ActionResult again = actionsWithCache(beforeTheRun).act(run(ref));

    assertThat(again.result()).isEqualTo(Result.ADOPTED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }

  @Test
  void aStartedRunIsPendingUntilItsStatusAndEventAreWritten() {
    CommandActions actions = actionsWithCache(MockApi.get(client, ref));

    ActionResult started = actions.start(run(ref));
    CompletableFuture<ActionResult> finishing = started.finishing();

    assertThat(started.pending()).isTrue();
    assertThat(started.result()).isEqualTo(Result.CREATED);
    assertThat(started.jobName()).isEqualTo(Runs.jobName("report", FIRE));
    assertThat(finishing.join().result()).isEqualTo(Result.CREATED);
    assertThat(MockApi.get(client, ref).getStatus().getLastScheduleTime())
        .isEqualTo("2024-03-01T10:00:00Z");
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SuccessfulCreate"));
  }

  @Test
  void aRunLeavesTheCachedObjectAsTheWatchGaveIt() {
    ScheduledJob cached = MockApi.get(client, ref);
    String asCached = client.getKubernetesSerialization().asJson(cached);
    CommandActions actions = actionsWithCache(cached);

    ActionResult started = actions.start(run(ref));

    assertThat(started.finishing().join().result()).isEqualTo(Result.CREATED);
    assertThat(MockApi.get(client, ref).getStatus().getActive()).hasSize(1);
    assertThat(client.getKubernetesSerialization().asJson(cached)).isEqualTo(asCached);
  }
}
