package io.cronlog.executor.act;

import static io.cronlog.executor.act.ActionTestSupport.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class ApiFailureTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:00:30Z");
  static final Instant FIRE = Instant.parse("2024-03-01T10:00:00Z");
  static final String JOBS = "/apis/batch/v1/namespaces/team-a/jobs";

  KubernetesMockServer server;
  KubernetesClient client;
  CommandActions actions;

  @BeforeEach
  void setUp() throws Exception {
    actions = MockApi.actionsAt(client, NOW);
  }

  private ActionResult createAnswered(int code, Status status) {
    ScheduledJobRef ref = scheduledJob(client, "report");
    server.expect().post().withPath(JOBS).andReturn(code, status).once();
    return actions.act(CreateJob.forRun(ref, FIRE, RunReason.SCHEDULED, null, NOW));
  }

  @Test
  void anOverloadedServerIsRetriedAfterItsRetryAfter() {
    ActionResult result =
        createAnswered(
            429,
            new StatusBuilder()
                .withCode(429)
                .withReason("TooManyRequests")
                .withMessage("slow down")
                .withNewDetails()
                .withRetryAfterSeconds(7)
                .endDetails()
                .build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
    assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aServerErrorIsRetriedAndRecordedAsFailedCreate() {
    ActionResult result =
        createAnswered(
            503,
            new StatusBuilder()
                .withCode(503)
                .withReason("ServiceUnavailable")
                .withMessage("etcd is sad")
                .build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("FailedCreate");
              assertThat(e.getMessage()).contains("etcd is sad");
            });
  }

  @Test
  void aRequestThatTimedOutWithoutAnAnswerIsRetried() {
    // What fabric8 throws when no connection or no answer came within the request timeout.
    ActionResult result =
        ApiErrors.failure(
            "creating Job report-1",
            new KubernetesClientException(
                "The timeout period of 10000ms has been exceeded while executing POST", -1, null));

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
  }

  @Test
  void aTerminatingNamespaceIsNotRetried() {
    ActionResult result =
        createAnswered(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "jobs.batch \"report-1\" is forbidden: unable to create new content in namespace team-a"
                        + " because it is being terminated")
                .withNewDetails()
                .addNewCause()
                .withReason("NamespaceTerminating")
                .withMessage("namespace team-a is being" + " terminated")
                .withField("metadata.namespace")
                .endCause()
                .endDetails()
                .build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isFalse();
    assertThat(result.detail()).contains("being terminated");
  }

  @Test
  void aMissingNamespaceIsNotRetried() {
    ActionResult result =
        createAnswered(
            404,
            new StatusBuilder()
                .withCode(404)
                .withReason("NotFound")
                .withMessage("namespaces \"team-a\" not found")
                .withNewDetails()
                .withKind("namespaces")
                .withName("team-a")
                .endDetails()
                .build());

    assertThat(result.retryable()).isFalse();
    assertThat(result.detail()).contains("namespace does not exist");
  }

  @Test
  void anInvalidJobIsNotRetried() {
    ActionResult result =
        createAnswered(
            422,
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("spec.template.spec.containers: Required value")
                .build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isFalse();
  }

  @Test
  void aJobMadeWhoseStatusCannotBeWrittenIsNamedByTheFailureSoTheTrailExplainsIt() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    failStatusWriteOnce();

    ActionResult result = actions.act(CreateJob.forRun(ref, FIRE, RunReason.SCHEDULED, null, NOW));

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
    assertThat(result.jobName()).isNotNull();
    assertThat(client.batch().v1().jobs().inNamespace("team-a").withName(result.jobName()).get())
        .isNotNull();
  }

  @Test
  void aRetryAfterTheNextDueTimeAdoptsTheJobItsFailedStatusWriteLeftRatherThanStartingALaterRun() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    failStatusWriteOnce();
    CreateJob command = CreateJob.forRun(ref, FIRE, RunReason.SCHEDULED, null, NOW);
    ActionResult failed = actions.act(command);

    // Redelivered after 10:01, when the run at 10:00 is superseded by the one due since.
    ActionResult retried = actionsAt(FIRE.plusSeconds(90)).act(command);

    assertThat(retried.result()).isEqualTo(Result.ADOPTED);
    assertThat(retried.jobName()).isEqualTo(failed.jobName());
    assertThat(client.batch().v1().jobs().inNamespace("team-a").list().getItems()).singleElement();
    ScheduledJobStatus status = MockApi.get(client, ref).getStatus();
    assertThat(status.getActive())
        .singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo(failed.jobName()));
    assertThat(status.getLastScheduleTime()).isEqualTo("2024-03-01T10:00:00Z");
  }

  @Test
  void aRetryPastTheDeadlineAdoptsTheJobItsFailedStatusWriteLeftRatherThanReportingItMissed() {
    ScheduledJob withDeadline = MockApi.scheduledJob("team-a", "report", "0 * * * *", null);
    withDeadline.getSpec().setStartingDeadlineSeconds(60L);
    ScheduledJobRef ref = ScheduledJobRef.of(MockApi.create(client, withDeadline));
    failStatusWriteOnce();
    CreateJob command = CreateJob.forRun(ref, FIRE, RunReason.SCHEDULED, null, NOW);
    ActionResult failed = actions.act(command);

    // Redelivered 5 minutes on: past the deadline and its allowed skew, before the next due time.
    ActionResult retried = actionsAt(FIRE.plus(Duration.ofMinutes(5))).act(command);

    assertThat(retried.result()).isEqualTo(Result.ADOPTED);
    assertThat(retried.jobName()).isEqualTo(failed.jobName());
    ScheduledJobStatus status = MockApi.get(client, ref).getStatus();
    assertThat(status.getLastMissedTime()).isNull();
    assertThat(status.getActive())
        .singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo(failed.jobName()));
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .noneMatch(e -> "MissSchedule".equals(e.getReason()));
  }

  /** The executor's actions with its clock at {@code now}, on the API set up already. */
  private CommandActions actionsAt(Instant now) {
    return CommandActions.on(client, Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(1));
  }

  private void failStatusWriteOnce() {
    server
        .expect()
        .put()
        .withPath("/apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/report/status")
        .andReturn(
            500,
            new StatusBuilder()
                .withCode(500)
                .withReason("InternalError")
                .withMessage("etcd is sad")
                .build())
        .once();
  }
}
