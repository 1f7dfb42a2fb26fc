package io.cronlog.executor.act;

import static io.cronlog.executor.act.ActionTestSupport.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
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
    ActionResult result = createAnswered(429, new StatusBuilder().withCode(429).withReason("TooManyRequests")
        .withMessage("slow down").withNewDetails().withRetryAfterSeconds(7).endDetails().build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
    assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aServerErrorIsRetriedAndRecordedAsFailedCreate() {
    ActionResult result = createAnswered(503, new StatusBuilder().withCode(503).withReason("ServiceUnavailable")
        .withMessage("etcd is sad").build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
    assertThat(client.v1().events().inNamespace("team-a").list().getItems()).singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("FailedCreate");
          assertThat(e.getMessage()).contains("etcd is sad");
        });
  }

  @Test
  void aTerminatingNamespaceIsNotRetried() {
    ActionResult result = createAnswered(403, new StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage("jobs.batch \"report-1\" is forbidden: unable to create new content in namespace team-a"
            + " because it is being terminated")
        .withNewDetails().addNewCause().withReason("NamespaceTerminating").withMessage("namespace team-a is being"
            + " terminated").withField("metadata.namespace").endCause().endDetails()
        .build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isFalse();
    assertThat(result.detail()).contains("being terminated");
  }

  @Test
  void aMissingNamespaceIsNotRetried() {
    ActionResult result = createAnswered(404, new StatusBuilder().withCode(404).withReason("NotFound")
        .withMessage("namespaces \"team-a\" not found").withNewDetails().withKind("namespaces").withName("team-a")
        .endDetails().build());

    assertThat(result.retryable()).isFalse();
    assertThat(result.detail()).contains("namespace does not exist");
  }

  @Test
  void anInvalidJobIsNotRetried() {
    ActionResult result = createAnswered(422, new StatusBuilder().withCode(422).withReason("Invalid")
        .withMessage("spec.template.spec.containers: Required value").build());

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isFalse();
  }

  @Test
  void aJobMadeWhoseStatusCannotBeWrittenIsNamedByTheFailureSoTheTrailExplainsIt() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    server.expect().put().withPath("/apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/report/status")
        .andReturn(500, new StatusBuilder().withCode(500).withReason("InternalError").withMessage("etcd is sad")
            .build()).once();

    ActionResult result = actions.act(CreateJob.forRun(ref, FIRE, RunReason.SCHEDULED, null, NOW));

    assertThat(result.result()).isEqualTo(Result.FAILED);
    assertThat(result.retryable()).isTrue();
    assertThat(result.jobName()).isNotNull();
    assertThat(client.batch().v1().jobs().inNamespace("team-a").withName(result.jobName()).get()).isNotNull();
  }
}
