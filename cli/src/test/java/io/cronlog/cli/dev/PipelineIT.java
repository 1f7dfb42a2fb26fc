package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole pipeline on a real broker and the dev API: a ScheduledJob applied, its Job made. */
@ExtendWith(KafkaExtension.class)
class PipelineIT {

  private static final Path HELLO = Path.of("..", "examples", "hello.yaml");

  @Test
  void appliedScheduledJobGetsTheJobOfItsNextMinuteOwnedByItAndItsStatusUpdated(KafkaFixture kafka)
      throws Exception {
    try (DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      DevStack.installCrd(client);
      try (Services services =
          Services.start(api, ServiceEnvironment.of(kafka), Clock.systemUTC())) {
        ScheduledJob hello = client.resource(load(client)).inNamespace("default").create();

        Instant due = firstMinuteAfter(hello.getMetadata().getCreationTimestamp());
        String jobName = Runs.jobName("hello", due);
        Job job =
            await()
                .atMost(Duration.ofSeconds(90))
                .until(
                    () -> client.batch().v1().jobs().inNamespace("default").withName(jobName).get(),
                    j -> j != null);

        OwnerReference owner = job.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind() + "/" + owner.getName() + "/" + owner.getUid())
            .isEqualTo("ScheduledJob/hello/" + hello.getMetadata().getUid());
        assertThat(owner.getController()).isTrue();
        assertThat(owner.getBlockOwnerDeletion()).isTrue();
        assertThat(job.getMetadata().getLabels()).containsEntry(Runs.SCHEDULED_JOB_LABEL, "hello");
        assertThat(job.getMetadata().getAnnotations())
            .containsEntry(Runs.SCHEDULED_AT_ANNOTATION, due.toString());
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            .isEqualTo("busybox:1.36");

        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  var status =
                      client
                          .resources(ScheduledJob.class)
                          .inNamespace("default")
                          .withName("hello")
                          .get()
                          .getStatus();
                  assertThat(status.getLastScheduleTime()).isEqualTo(due.toString());
                  assertThat(status.getActive())
                      .extracting(ref -> ref.getName())
                      .containsExactly(jobName);
                });
        // The run's outcome follows its status write and its Event.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(kafka.readAllValues(kafka.topic("outcomes")))
                        .anySatisfy(
                            outcome -> assertThat(outcome).contains("\"result\":\"CREATED\"")));
      }
    }
  }

  static Instant firstMinuteAfter(String creationTimestamp) {
    return Instant.parse(creationTimestamp)
        .truncatedTo(ChronoUnit.MINUTES)
        .plus(1, ChronoUnit.MINUTES);
  }

  private static ScheduledJob load(KubernetesClient client) throws Exception {
    try (InputStream yaml = Files.newInputStream(HELLO)) {
      return client.resources(ScheduledJob.class).load(yaml).item();
    }
  }
}
