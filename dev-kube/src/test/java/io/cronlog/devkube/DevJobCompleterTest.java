package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.cronlog.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevJobCompleterTest {

  private MutableClock clock;
  private DevKubernetesApi api;
  private KubernetesClient client;
  private DevJobCompleter completer;

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.now());
    api = DevKubernetesApi.start(0, clock);
    client = api.newClient();
  }

  @AfterEach
  void stop() {
    if (completer != null) {
      completer.close();
    }
    client.close();
    api.close();
  }

  @Test
  void marksANewJobActiveFromItsCreation() {
    startCompleter(clock, Duration.ofSeconds(10));

    Job created = client.batch().v1().jobs().resource(job("j1", Map.of())).create();

    Job started = awaitJob("j1", j -> j.getStatus() != null && j.getStatus().getActive() != null);
    assertThat(started.getStatus().getActive()).isEqualTo(1);
    assertThat(started.getStatus().getStartTime())
        .isEqualTo(created.getMetadata().getCreationTimestamp());
    assertThat(started.getStatus().getConditions()).isEmpty();
  }

  @Test
  void completesAJobOnceTheDefaultDurationHasPassed() {
    startCompleter(clock, Duration.ofSeconds(10));
    client.batch().v1().jobs().resource(job("j1", Map.of())).create();
    awaitJob("j1", j -> j.getStatus() != null && j.getStatus().getActive() != null);

    clock.advance(Duration.ofSeconds(9));
    completer.completeDue();
    assertThat(client.batch().v1().jobs().withName("j1").get().getStatus().getSucceeded()).isNull();

    clock.advance(Duration.ofSeconds(2));
    completer.completeDue();

    Job done = client.batch().v1().jobs().withName("j1").get();
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getActive()).isNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    assertThat(done.getStatus().getConditions())
        .extracting(JobCondition::getType, JobCondition::getStatus)
        .containsExactly(tuple("SuccessCriteriaMet", "True"), tuple("Complete", "True"));
  }

  @Test
  void takesTheDurationFromTheJobsAnnotation() {
    startCompleter(clock, Duration.ofHours(1));
    client
        .batch()
        .v1()
        .jobs()
        .resource(job("j1", Map.of(DevJobCompleter.DURATION_ANNOTATION, "2m")))
        .create();
    awaitJob("j1", j -> j.getStatus() != null && j.getStatus().getActive() != null);

    clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    completer.completeDue();

    assertThat(client.batch().v1().jobs().withName("j1").get().getStatus().getSucceeded())
        .isEqualTo(1);
  }

  @Test
  void failsAJobAnnotatedToFail() {
    startCompleter(clock, Duration.ofSeconds(1));
    client
        .batch()
        .v1()
        .jobs()
        .resource(job("j1", Map.of(DevJobCompleter.RESULT_ANNOTATION, "Failed")))
        .create();
    awaitJob("j1", j -> j.getStatus() != null && j.getStatus().getActive() != null);

    clock.advance(Duration.ofSeconds(2));
    completer.completeDue();

    Job failed = client.batch().v1().jobs().withName("j1").get();
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    assertThat(failed.getStatus().getSucceeded()).isNull();
    assertThat(failed.getStatus().getCompletionTime()).isNull();
    assertThat(failed.getStatus().getConditions())
        .extracting(JobCondition::getType)
        .containsExactly("FailureTarget", "Failed");
  }

  @Test
  void leavesAFinishedJobAlone() {
    client.batch().v1().jobs().resource(job("j1", Map.of())).create();
    client
        .batch()
        .v1()
        .jobs()
        .withName("j1")
        .editStatus(
            j ->
                new JobBuilder(j)
                    .editOrNewStatus()
                    .withFailed(1)
                    .addNewCondition()
                    .withType("Failed")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());
    String version =
        client.batch().v1().jobs().withName("j1").get().getMetadata().getResourceVersion();
    startCompleter(clock, Duration.ofSeconds(1));

    clock.advance(Duration.ofSeconds(5));
    completer.completeDue();

    Job job = client.batch().v1().jobs().withName("j1").get();
    assertThat(job.getStatus().getSucceeded()).isNull();
    assertThat(job.getStatus().getConditions())
        .extracting(JobCondition::getType)
        .containsExactly("Failed");
    assertThat(job.getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void completesOnItsOwnTimerWithTheSystemClock() {
    startCompleter(Clock.systemUTC(), Duration.ofSeconds(1));

    client.batch().v1().jobs().resource(job("j1", Map.of())).create();

    Job done =
        awaitJob(
            "j1",
            j -> j.getStatus() != null && Integer.valueOf(1).equals(j.getStatus().getSucceeded()));
    assertThat(done.getStatus().getConditions())
        .extracting(JobCondition::getType)
        .contains("Complete");
  }

  private void startCompleter(Clock completerClock, Duration defaultDuration) {
    completer = new DevJobCompleter(client, completerClock, defaultDuration);
    completer.start();
  }

  private Job awaitJob(String name, Predicate<Job> condition) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> client.batch().v1().jobs().withName(name).get(),
            j -> j != null && condition.test(j));
  }

  private static Job job(String name, Map<String, String> annotations) {
    return new JobBuilder(DevKubernetesApiTest.job(name))
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
