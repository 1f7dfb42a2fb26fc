package io.cronlog.executor.act;

import static io.cronlog.executor.act.ActionTestSupport.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class RecordEventActionTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:05:00Z");

  KubernetesClient client;
  CommandActions actions;

  @BeforeEach
  void setUp() throws Exception {
    actions = MockApi.actionsAt(client, NOW);
  }

  private static RecordEvent event(ScheduledJobRef ref, String id) {
    return new RecordEvent(
        CronlogRecord.SCHEMA_VERSION,
        id,
        NOW,
        ref,
        EventType.Warning,
        "UnparseableSchedule",
        "unparseable schedule: \"61 * * * *\"",
        null,
        null,
        null);
  }

  @Test
  void recordsTheEventOnTheScheduledJob() {
    ScheduledJobRef ref = scheduledJob(client, "report");

    ActionResult result = actions.act(event(ref, "cmd-1"));

    assertThat(result.result()).isEqualTo(Result.EVENT_RECORDED);
    Event recorded = client.v1().events().inNamespace("team-a").list().getItems().get(0);
    assertThat(recorded.getType()).isEqualTo("Warning");
    assertThat(recorded.getReason()).isEqualTo("UnparseableSchedule");
    assertThat(recorded.getInvolvedObject().getKind()).isEqualTo("ScheduledJob");
    assertThat(recorded.getInvolvedObject().getName()).isEqualTo("report");
    assertThat(recorded.getInvolvedObject().getUid()).isEqualTo(ref.uid());
    assertThat(recorded.getSource().getComponent()).isEqualTo("cronlog");
    assertThat(recorded.getLastTimestamp()).isEqualTo("2024-03-01T10:05:00Z");
  }

  @Test
  void aRedeliveredEventIsNotRecordedTwice() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    actions.act(event(ref, "cmd-1"));

    ActionResult again = actions.act(event(ref, "cmd-1"));

    assertThat(again.result()).isEqualTo(Result.ALREADY_DONE);
    assertThat(client.v1().events().inNamespace("team-a").list().getItems()).hasSize(1);
  }

  @Test
  void distinctCommandsRecordDistinctEvents() {
    ScheduledJobRef ref = scheduledJob(client, "report");
    actions.act(event(ref, "cmd-1"));
    actions.act(event(ref, "cmd-2"));

    assertThat(client.v1().events().inNamespace("team-a").list().getItems()).hasSize(2);
  }

  @Test
  void refusesAnEventForAScheduledJobThatDoesNotExistAndWritesNothingThere() {
    ScheduledJobRef forged = new ScheduledJobRef("kube-system", "anything", "uid-1");

    ActionResult result = actions.act(event(forged, "cmd-1"));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).isEqualTo("ScheduledJob no longer exists");
    assertThat(client.v1().events().inNamespace("kube-system").list().getItems()).isEmpty();
  }

  @Test
  void refusesAnEventForAnotherUidOfTheScheduledJobAndWritesNothing() {
    scheduledJob(client, "report");
    ScheduledJobRef forged = new ScheduledJobRef("team-a", "report", "not-the-uid");

    ActionResult result = actions.act(event(forged, "cmd-1"));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(client.v1().events().inNamespace("team-a").list().getItems()).isEmpty();
  }
}
