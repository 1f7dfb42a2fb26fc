package io.cronlog.executor.act;

import static io.cronlog.executor.act.ActionTestSupport.activate;
import static io.cronlog.executor.act.ActionTestSupport.finish;
import static io.cronlog.executor.act.ActionTestSupport.runJob;
import static io.cronlog.executor.act.ActionTestSupport.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class UpdateStatusActionTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:05:00Z");
  static final Instant T1 = Instant.parse("2024-03-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2024-03-01T10:01:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  CommandActions actions;

  @BeforeEach
  void setUp() throws Exception {
    actions = MockApi.actionsAt(client, NOW);
  }

  private static UpdateStatus update(
      ScheduledJobRef ref,
      List<String> remove,
      Instant lastSuccess,
      Long generation,
      List<Condition> conditions) {
    return new UpdateStatus(
        CronlogRecord.SCHEMA_VERSION,
        "cmd-" + remove + lastSuccess + generation,
        NOW,
        ref,
        remove,
        lastSuccess,
        null,
        null,
        false,
        generation,
        conditions,
        null);
  }

  @Test
  void removesFinishedJobsAndMovesTimesForward() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job done = finish(client, runJob(client, ref, T1), "Complete");
    activate(client, ref, done);
    Condition ready =
        new ConditionBuilder().withType("Ready").withStatus("True").withReason("Scheduled").build();

    ActionResult result =
        actions.act(update(ref, List.of(done.getMetadata().getUid()), T2, 1L, List.of(ready)));

    assertThat(result.result()).isEqualTo(Result.STATUS_UPDATED);
    ScheduledJobStatus status = MockApi.get(client, ref).getStatus();
    assertThat(status.getActive()).isEmpty();
    assertThat(status.getLastSuccessfulTime()).isEqualTo("2024-03-01T10:01:00Z");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getConditions())
        .singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2024-03-01T10:05:00Z"));
  }

  @Test
  void neverMovesTheStatusBackwards() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    actions.act(update(ref, List.of(), T2, 1L, List.of()));

    ActionResult stale = actions.act(update(ref, List.of(), T1, 0L, List.of()));

    assertThat(stale.result()).isEqualTo(Result.ALREADY_DONE);
    ScheduledJobStatus status = MockApi.get(client, ref).getStatus();
    assertThat(status.getLastSuccessfulTime()).isEqualTo("2024-03-01T10:01:00Z");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void refusesATimeInTheFutureThatWouldStayForGood() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Instant forged = Instant.parse("9999-01-01T00:00:00Z");
    UpdateStatus missed =
        new UpdateStatus(
            CronlogRecord.SCHEMA_VERSION,
            "forged-missed",
            NOW,
            ref,
            List.of(),
            null,
            forged,
            null,
            false,
            null,
            List.of(),
            null);

    ActionResult success = actions.act(update(ref, List.of(), forged, null, List.of()));
    ActionResult miss = actions.act(missed);

    assertThat(success.result()).isEqualTo(Result.REFUSED);
    assertThat(success.detail())
        .contains("lastSuccessfulTime 9999-01-01T00:00:00Z is in the future");
    assertThat(miss.result()).isEqualTo(Result.REFUSED);
    assertThat(miss.detail()).contains("lastMissedTime 9999-01-01T00:00:00Z is in the future");
    ScheduledJob live = MockApi.get(client, ref);
    assertThat(live.getStatus() == null ? null : live.getStatus().getLastSuccessfulTime()).isNull();
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .extracting("type", "reason")
        .containsOnly(Tuple.tuple("Warning", "CommandRefused"))
        .hasSize(2);
  }

  @Test
  void acceptsATimeWithinTheAllowedClockSkew() {
    ScheduledJobRef ref = scheduledJob(client, "report");

    ActionResult result = actions.act(update(ref, List.of(), NOW.plusSeconds(30), null, List.of()));

    assertThat(result.result()).isEqualTo(Result.STATUS_UPDATED);
  }

  @Test
  void refusesAnObservedGenerationTheScheduledJobNeverHad() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    long generation = MockApi.get(client, ref).getMetadata().getGeneration();

    ActionResult result = actions.act(update(ref, List.of(), null, Long.MAX_VALUE, List.of()));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).contains("beyond the ScheduledJob's generation " + generation);
  }

  @Test
  void keepsAJobThatIsStillRunningInActive() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job running = runJob(client, ref, T1);
    activate(client, ref, running);

    ActionResult result =
        actions.act(update(ref, List.of(running.getMetadata().getUid()), null, null, List.of()));

    assertThat(result.result()).isEqualTo(Result.ALREADY_DONE);
    assertThat(MockApi.get(client, ref).getStatus().getActive())
        .extracting("uid")
        .containsExactly(running.getMetadata().getUid());
  }

  @Test
  void removesAJobThatNoLongerExists() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    Job job = runJob(client, ref, T1);
    activate(client, ref, job);
    client.batch().v1().jobs().inNamespace("team-a").withName(job.getMetadata().getName()).delete();

    ActionResult result =
        actions.act(update(ref, List.of(job.getMetadata().getUid()), null, null, List.of()));

    assertThat(result.result()).isEqualTo(Result.STATUS_UPDATED);
    assertThat(MockApi.get(client, ref).getStatus().getActive()).isEmpty();
  }

  @Test
  void aRedeliveredUpdateWritesNothing() throws Exception {
    ScheduledJobRef ref = scheduledJob(client, "report");
    UpdateStatus command = update(ref, List.of(), T2, 1L, List.of());
    actions.act(command);
    MockApi.drainRequests(server);

    ActionResult again = actions.act(command);

    assertThat(again.result()).isEqualTo(Result.ALREADY_DONE);
    assertThat(MockApi.count(MockApi.drainRequests(server), "PUT", "/status")).isZero();
  }

  @Test
  void sendsTheVersionItReadAndOnConflictReadsAgainAndReapplies() {
    // The CRUD mock ignores resourceVersion on /status (it never answers 409 there), so the
    // conflict is scripted, and we check that the PUT carries the version we read.
    ScheduledJobRef ref = scheduledJob(client, "report");
    ScheduledJob read = MockApi.get(client, ref);
    List<String> bodies = new CopyOnWriteArrayList<>();
    server
        .expect()
        .put()
        .withPath("/apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/report/status")
        .andReply(
            409,
            request -> {
              bodies.add(request.getUtf8Body());
              return new StatusBuilder()
                  .withCode(409)
                  .withReason("Conflict")
                  .withMessage("the object has been modified")
                  .build();
            })
        .once();

    StatusWriter.Written written =
        new StatusWriter(client)
            .update(ref, read, s -> StatusEdits.advanceLastSuccessfulTime(s, T2));

    assertThat(written).isEqualTo(StatusWriter.Written.UPDATED);
    assertThat(bodies)
        .singleElement()
        .asString()
        .contains("\"resourceVersion\":\"" + read.getMetadata().getResourceVersion() + "\"");
    assertThat(MockApi.get(client, ref).getStatus().getLastSuccessfulTime())
        .isEqualTo("2024-03-01T10:01:00Z");
  }

  @Test
  void givesUpAsTransientWhenConflictsPersist() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    server
        .expect()
        .put()
        .withPath("/apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/report/status")
        .andReturn(
            409,
            new StatusBuilder()
                .withCode(409)
                .withReason("Conflict")
                .withMessage("modified")
                .build())
        .times(StatusWriter.MAX_ATTEMPTS);

    ActionResult result = actions.act(update(ref, List.of(), T2, null, List.of()));

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
  }

  @Test
  void writesOnlyTheStatusThroughTheSubresource() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    ScheduledJob sneaky = MockApi.get(client, ref);
    sneaky.getSpec().setSchedule("0 0 * * *");

    new StatusWriter(client).update(ref, sneaky, s -> StatusEdits.advanceLastSuccessfulTime(s, T2));

    assertThat(MockApi.get(client, ref).getSpec().getSchedule()).isEqualTo("* * * * *");
  }
}
