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
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class ManualRunActionTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:00:30Z");
  static final Instant REQUESTED = Instant.parse("2024-03-01T10:00:17Z");
  static final Instant FIRE = Instant.parse("2024-03-01T10:00:00Z");

  KubernetesClient client;
  CommandActions actions;

  @BeforeEach
  void setUp() throws Exception {
    MockApi.installCrd(client);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    actions = CommandActions.on(client, clock, Duration.ofMinutes(1));
  }

  private ScheduledJobRef triggered(String name, String schedule, String trigger) {
    ScheduledJob sj = MockApi.scheduledJob("team-a", name, schedule, null);
    sj.getMetadata().setAnnotations(Map.of(Runs.TRIGGER_ANNOTATION, trigger));
    return ScheduledJobRef.of(MockApi.create(client, sj));
  }

  private static CreateJob manual(ScheduledJobRef ref, String trigger, Instant requestedAt) {
    return CreateJob.forManualRun(ref, trigger, requestedAt, NOW);
  }

  @Test
  void manualRunGetsItsOwnJobNameAndTheTriggerAnnotation() {
    ScheduledJobRef ref = triggered("report", "* * * * *", "run-1");

    ActionResult result = actions.act(manual(ref, "run-1", REQUESTED));

    assertThat(result.result()).isEqualTo(Result.CREATED);
    Job job = MockApi.jobs(client, "team-a").get(0);
    assertThat(job.getMetadata().getName())
        .isEqualTo(Runs.manualJobName("report", REQUESTED, "run-1"))
        .isNotEqualTo(Runs.jobName("report", REQUESTED))
        .startsWith(Runs.jobName("report", REQUESTED) + "-m");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(Runs.TRIGGER_ANNOTATION, "run-1")
        .containsEntry(Runs.SCHEDULED_AT_ANNOTATION, "2024-03-01T10:00:17Z");
  }

  @Test
  void manualRunSetsLastTriggerAndActiveButLeavesLastScheduleTime() {
    ScheduledJobRef ref = triggered("report", "@every 7m", "run-1");

    actions.act(manual(ref, "run-1", REQUESTED));

    ScheduledJob live = MockApi.get(client, ref);
    assertThat(live.getStatus().getLastTrigger()).isEqualTo("run-1");
    assertThat(live.getStatus().getActive())
        .extracting(r -> r.getName())
        .containsExactly(Runs.manualJobName("report", REQUESTED, "run-1"));
    assertThat(live.getStatus().getLastScheduleTime()).isNull();
  }

  @Test
  void manualRunAndScheduledRunOfTheSameMinuteAreTwoJobs() {
    ScheduledJobRef ref = triggered("report", "* * * * *", "run-1");

    Result scheduled =
        actions.act(CreateJob.forRun(ref, FIRE, RunReason.SCHEDULED, null, NOW)).result();
    Result manual = actions.act(manual(ref, "run-1", REQUESTED)).result();

    assertThat(scheduled).isEqualTo(Result.CREATED);
    assertThat(manual).isEqualTo(Result.CREATED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(2);
    assertThat(MockApi.get(client, ref).getStatus().getLastScheduleTime())
        .isEqualTo("2024-03-01T10:00:00Z");
  }

  @Test
  void theSameTriggerDecidedAgainAtAnotherInstantStartsNoSecondJob() {
    ScheduledJobRef ref = triggered("report", "* * * * *", "run-1");
    actions.act(manual(ref, "run-1", REQUESTED));
    client.batch().v1().jobs().inNamespace("team-a").delete();

    ActionResult again = actions.act(manual(ref, "run-1", REQUESTED.plusSeconds(120)));

    assertThat(again.result()).isEqualTo(Result.ALREADY_DONE);
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void manualJobOfACrashedAttemptIsAdoptedAndRecorded() {
    ScheduledJobRef ref = triggered("report", "* * * * *", "run-1");
    ScheduledJob live = MockApi.get(client, ref);
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace("team-a")
        .resource(RunJobs.jobFor(live, REQUESTED, "run-1"))
        .create();

    ActionResult result = actions.act(manual(ref, "run-1", REQUESTED));

    assertThat(result.result()).isEqualTo(Result.ADOPTED);
    assertThat(MockApi.get(client, ref).getStatus().getLastTrigger()).isEqualTo("run-1");
  }

  @Test
  void manualJobNameOfALongScheduledJobNameStaysWithin63Characters() {
    String longest = "a".repeat(52);

    String name = Runs.manualJobName(longest, REQUESTED, "2026-11-27T10:00:00Z-some-long-value");

    assertThat(name)
        .hasSizeLessThanOrEqualTo(Runs.MAX_JOB_NAME)
        .endsWith(
            "-"
                + (REQUESTED.getEpochSecond() / 60)
                + "-m"
                + Runs.triggerHash("2026-11-27T10:00:00Z-some-long-value"));
  }
}
