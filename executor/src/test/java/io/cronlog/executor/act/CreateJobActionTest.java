package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class CreateJobActionTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:00:30Z");
  static final Instant FIRE = Instant.parse("2024-03-01T10:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  CommandActions actions;

  @BeforeEach
  void setUp() throws Exception {
    actions = MockApi.actionsAt(client, NOW);
  }

  private ScheduledJobRef everyMinute(String name) {
    return ScheduledJobRef.of(
        MockApi.create(client, MockApi.scheduledJob("team-a", name, "* * * * *", null)));
  }

  private static CreateJob run(ScheduledJobRef ref, Instant at) {
    return CreateJob.forRun(ref, at, RunReason.SCHEDULED, null, NOW);
  }

  @Test
  void createsTheJobAndRecordsItInStatus() {
    ScheduledJobRef ref = everyMinute("report");

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.CREATED);
    String name = Runs.jobName("report", FIRE);
    Job job = client.batch().v1().jobs().inNamespace("team-a").withName(name).get();
    assertThat(job).isNotNull();
    assertThat(RunJobs.isControlledBy(job, ref.uid())).isTrue();
    ScheduledJob sj = MockApi.get(client, ref);
    assertThat(sj.getStatus().getActive())
        .singleElement()
        .satisfies(
            active -> {
              assertThat(active.getName()).isEqualTo(name);
              assertThat(active.getUid()).isEqualTo(job.getMetadata().getUid());
              assertThat(active.getKind()).isEqualTo("Job");
              assertThat(active.getApiVersion()).isEqualTo("batch/v1");
            });
    assertThat(sj.getStatus().getLastScheduleTime()).isEqualTo("2024-03-01T10:00:00Z");
    List<Event> events = client.v1().events().inNamespace("team-a").list().getItems();
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
              assertThat(e.getMessage()).isEqualTo("Created job " + name);
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(ref.uid());
              assertThat(e.getReportingComponent()).isEqualTo("cronlog");
            });
  }

  @Test
  void aCommandForAScheduledJobWithoutJobTemplateIsRefusedWithTheReasonNotAnException() {
    ScheduledJob invalid = MockApi.scheduledJob("team-a", "no-template", "* * * * *", null);
    invalid.getSpec().setJobTemplate(null);
    ScheduledJobRef ref = ScheduledJobRef.of(MockApi.create(client, invalid));

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail())
        .isEqualTo("ScheduledJob is invalid: spec.jobTemplate: Required value");
    assertThat(client.batch().v1().jobs().inNamespace("team-a").list().getItems()).isEmpty();
  }

  @Test
  void redeliveredCreateAdoptsTheJobAndCreatesNothing() throws Exception {
    ScheduledJobRef ref = everyMinute("report");
    actions.act(run(ref, FIRE));
    ScheduledJob before = MockApi.get(client, ref);
    MockApi.drainRequests(server);

    ActionResult again = actions.act(run(ref, FIRE));

    assertThat(again.result()).isEqualTo(Result.ADOPTED);
    var requests = MockApi.drainRequests(server);
    assertThat(MockApi.count(requests, "POST", "/jobs")).isZero();
    assertThat(MockApi.count(requests, "PUT", "/status")).isZero();
    assertThat(MockApi.count(requests, "POST", "/events")).isZero();
    assertThat(MockApi.get(client, ref).getStatus()).isEqualTo(before.getStatus());
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }

  @Test
  void anAdoptedJobWhoseRunWasNotRecordedGetsTheEventItsMakerDidNotSend() {
    ScheduledJobRef ref = everyMinute("report");
    ScheduledJob live = MockApi.get(client, ref);
    // An executor made the Job and stopped before its Event and status write.
    client.batch().v1().jobs().inNamespace("team-a").resource(RunJobs.jobFor(live, FIRE)).create();

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.ADOPTED);
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("SuccessfulCreate"));
  }

  @Test
  void adoptsOurOwnJobLeftByACrashBeforeTheStatusWasWritten() {
    ScheduledJobRef ref = everyMinute("report");
    ScheduledJob live = MockApi.get(client, ref);
    client.batch().v1().jobs().inNamespace("team-a").resource(RunJobs.jobFor(live, FIRE)).create();

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).as(result.detail()).isEqualTo(Result.ADOPTED);
    assertThat(MockApi.get(client, ref).getStatus().getActive()).hasSize(1);
    assertThat(MockApi.get(client, ref).getStatus().getLastScheduleTime())
        .isEqualTo("2024-03-01T10:00:00Z");
  }

  @Test
  void refusesWhenAJobOfThatNameIsControlledBySomeoneElse() {
    ScheduledJobRef ref = everyMinute("report");
    String name = Runs.jobName("report", FIRE);
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace("team-a")
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("owner", "human"))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("x")
                .withImage("x")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).contains("controlled by someone else");
    Job job = client.batch().v1().jobs().inNamespace("team-a").withName(name).get();
    assertThat(job.getMetadata().getLabels()).containsEntry("owner", "human");
    assertThat(MockApi.get(client, ref).getStatus().getActive()).isEmpty();
  }

  @Test
  void refusesACommandForAScheduledJobThatNoLongerExists() {
    ScheduledJobRef ref = new ScheduledJobRef("team-a", "gone", "uid-1");

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).isEqualTo("ScheduledJob no longer exists");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void refusesACommandWithAnotherUid() {
    everyMinute("report");
    ScheduledJobRef forged = new ScheduledJobRef("team-a", "report", "not-the-uid");

    ActionResult result = actions.act(run(forged, FIRE));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).contains("not-the-uid");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void refusesATimeTheScheduleNeverFires() {
    ScheduledJobRef ref =
        ScheduledJobRef.of(
            MockApi.create(client, MockApi.scheduledJob("team-a", "hourly", "0 * * * *", null)));

    ActionResult result = actions.act(run(ref, Instant.parse("2024-03-01T10:01:00Z")));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).contains("is not a fire time");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void refusesARunOfASuspendedScheduledJob() {
    ScheduledJob sj = MockApi.scheduledJob("team-a", "paused", "* * * * *", null);
    sj.getSpec().setSuspend(true);
    ScheduledJobRef ref = ScheduledJobRef.of(MockApi.create(client, sj));

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).isEqualTo("ScheduledJob is suspended");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void skipsASecondRunWhileAnotherRunsUnderForbidAndSaysSoAsTheControllerDoes() {
    ScheduledJobRef ref =
        ActionTestSupport.scheduledJob(client, "report", "* * * * *", ConcurrencyPolicy.Forbid);
    Job running = ActionTestSupport.runJob(client, ref, FIRE.minusSeconds(60));

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.SKIPPED);
    assertThat(result.detail())
        .isEqualTo(
            "Job "
                + running.getMetadata().getName()
                + " is running and concurrencyPolicy is Forbid");
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
    assertThat(client.v1().events().inNamespace("team-a").list().getItems())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getReason()).isEqualTo("JobAlreadyActive");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Not starting job because prior execution is running and concurrency policy is Forbid");
            });
  }

  @Test
  void startsTheNextRunUnderForbidOnceThePreviousFinished() {
    ScheduledJobRef ref =
        ActionTestSupport.scheduledJob(client, "report", "* * * * *", ConcurrencyPolicy.Forbid);
    ActionTestSupport.finish(
        client, ActionTestSupport.runJob(client, ref, FIRE.minusSeconds(60)), "Complete");

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.CREATED);
  }

  @Test
  void startsAManualRunRequestedOnTheScheduledJobAtAnyTime() {
    ScheduledJob sj = MockApi.scheduledJob("team-a", "hourly", "0 * * * *", null);
    sj.getSpec().setSuspend(true);
    sj.getMetadata().setAnnotations(Map.of(Runs.TRIGGER_ANNOTATION, "run-now-1"));
    ScheduledJobRef ref = ScheduledJobRef.of(MockApi.create(client, sj));
    Instant at = Instant.parse("2024-03-01T10:00:17Z");

    ActionResult result = actions.act(CreateJob.forManualRun(ref, "run-now-1", at, NOW));

    assertThat(result.result()).isEqualTo(Result.CREATED);
    assertThat(MockApi.jobs(client, "team-a")).hasSize(1);
  }

  @Test
  void refusesAManualRunThatTheScheduledJobDidNotAskFor() {
    ScheduledJob sj = MockApi.scheduledJob("team-a", "hourly", "0 * * * *", null);
    sj.getMetadata().setAnnotations(Map.of(Runs.TRIGGER_ANNOTATION, "run-now-1"));
    ScheduledJobRef ref = ScheduledJobRef.of(MockApi.create(client, sj));

    ActionResult result =
        actions.act(
            CreateJob.forManualRun(ref, "forged", Instant.parse("2024-03-01T10:00:17Z"), NOW));

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail()).contains("forged");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void doesNotStartAgainARunWhoseJobIsGoneAfterItWasScheduled() {
    ScheduledJobRef ref = everyMinute("report");
    actions.act(run(ref, FIRE));
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace("team-a")
        .withName(Runs.jobName("report", FIRE))
        .delete();

    ActionResult result = actions.act(run(ref, FIRE));

    assertThat(result.result()).isEqualTo(Result.ALREADY_DONE);
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void takesTheTemplateFromTheLiveScheduledJob() {
    ScheduledJobRef ref = everyMinute("report");
    ScheduledJob live = MockApi.get(client, ref);
    live.getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setImage("busybox:2");
    client.resources(ScheduledJob.class).inNamespace("team-a").resource(live).update();

    actions.act(run(ref, FIRE));

    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace("team-a")
            .withName(Runs.jobName("report", FIRE))
            .get();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("busybox:2");
  }
}
