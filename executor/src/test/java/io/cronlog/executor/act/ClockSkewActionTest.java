package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.cronlog.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands written by a clock ahead of the executor's: they wait for it, unless no clock explains
 * them.
 */
@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class ClockSkewActionTest {

  static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");

  /**
   * A fire time three minutes ahead of the executor's clock, decided by a scheduler whose clock
   * says so.
   */
  static final Instant AHEAD = NOW.plus(Duration.ofMinutes(3));

  KubernetesMockServer server;
  KubernetesClient client;
  final MutableClock clock = new MutableClock(NOW);
  CommandActions actions;

  @BeforeEach
  void setUp() throws Exception {
    MockApi.installCrd(client);
    actions = CommandActions.on(client, clock, Duration.ofMinutes(1));
  }

  private ScheduledJobRef everyMinute(String name) {
    return ScheduledJobRef.of(
        MockApi.create(client, MockApi.scheduledJob("team-a", name, "* * * * *", null)));
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("team-a").list().getItems();
  }

  @Test
  void waitsForARunStampedAheadUntilTheClockIsWithinTheSkewThenCreatesIt() {
    ScheduledJobRef ref = everyMinute("report");
    CreateJob run = CreateJob.forRun(ref, AHEAD, RunReason.SCHEDULED, null, AHEAD);

    assertThat(actions.notBefore(run)).contains(AHEAD.minus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));

    assertThat(actions.notBefore(run)).isEmpty();
    assertThat(actions.act(run).result()).isEqualTo(Result.CREATED);
  }

  @Test
  void waitsForTheLatestTimeInTheCommandAndJudgesOneWithinTheSkewAtOnce() {
    ScheduledJobRef ref = everyMinute("report");
    UpdateStatus success =
        new UpdateStatus(
            CronlogRecord.SCHEMA_VERSION,
            "status-ahead",
            NOW,
            ref,
            List.of(),
            AHEAD,
            NOW.plus(Duration.ofMinutes(2)),
            null,
            false,
            null,
            List.of(),
            null);
    CreateJob withinSkew =
        CreateJob.forRun(ref, NOW.plusSeconds(60), RunReason.SCHEDULED, null, NOW.plusSeconds(60));

    assertThat(actions.notBefore(success)).contains(AHEAD.minus(Duration.ofMinutes(1)));
    assertThat(actions.notBefore(withinSkew)).isEmpty();
  }

  @Test
  void waitsToReplaceARunningJobUntilTheNewerRunIsDueByItsOwnClock() {
    ScheduledJobRef ref =
        ActionTestSupport.scheduledJob(client, "report", "0 * * * *", ConcurrencyPolicy.Replace);
    Job running = ActionTestSupport.runJob(client, ref, NOW);
    Instant nextRun = NOW.plus(Duration.ofHours(1));
    // The scheduler's clock says the next run is due; ours is three minutes short of it.
    clock.advance(Duration.ofMinutes(57));
    DeleteJob replace =
        DeleteJob.of(
            ref,
            running.getMetadata().getName(),
            running.getMetadata().getUid(),
            "replaced by the run at " + nextRun,
            nextRun);

    assertThat(actions.notBefore(replace)).contains(nextRun.minus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));

    assertThat(actions.notBefore(replace)).isEmpty();
    assertThat(actions.dueAt(replace)).contains(nextRun);
    clock.advance(Duration.ofMinutes(1));

    assertThat(actions.dueAt(replace)).isEmpty();
    assertThat(actions.act(replace).result()).isEqualTo(Result.DELETED);
  }

  @Test
  void neverStartsARunBeforeItsTimeByThisClockThoughItLiesWithinTheSkew() {
    ScheduledJobRef ref = everyMinute("report");
    Instant soon = NOW.plus(Duration.ofSeconds(40));
    CreateJob run = CreateJob.forRun(ref, soon, RunReason.SCHEDULED, null, soon);
    CreateJob late = CreateJob.forRun(ref, NOW, RunReason.SCHEDULED, null, NOW);

    assertThat(actions.notBefore(run)).isEmpty();
    assertThat(actions.dueAt(run)).contains(soon);
    assertThat(actions.dueAt(late)).isEmpty();
    clock.advance(Duration.ofSeconds(40));

    assertThat(actions.dueAt(run)).isEmpty();
  }

  @Test
  void refusesACommandNoClockCouldHaveWrittenInsteadOfWaitingForIt() {
    ScheduledJobRef ref = everyMinute("report");
    Instant twoDaysAhead = NOW.plus(Duration.ofDays(2));
    CreateJob forged = CreateJob.forRun(ref, twoDaysAhead, RunReason.SCHEDULED, null, NOW);

    assertThat(actions.notBefore(forged)).isEmpty();
    ActionResult result = actions.act(forged);

    assertThat(result.result()).isEqualTo(Result.REFUSED);
    assertThat(result.detail())
        .contains("scheduledTime " + twoDaysAhead + " is in the future")
        .contains("PT24H");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
    assertThat(events()).extracting(Event::getReason).containsExactly("CommandRefused");
  }

  @Test
  void warnsTheScheduledJobOnceThatItsCommandWaitsAndNeverAnotherObject() {
    ScheduledJobRef ref = everyMinute("report");
    CreateJob run = CreateJob.forRun(ref, AHEAD, RunReason.SCHEDULED, null, AHEAD);
    CreateJob forged =
        CreateJob.forRun(
            new ScheduledJobRef("team-a", "report", "forged-uid"),
            AHEAD,
            RunReason.SCHEDULED,
            null,
            AHEAD);
    Instant until = AHEAD.minus(Duration.ofMinutes(1));

    actions.held(run, until);
    actions.held(run, until);
    actions.held(forged, until);

    assertThat(events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo("ClockSkew");
              assertThat(event.getInvolvedObject().getUid()).isEqualTo(ref.uid());
              assertThat(event.getMessage())
                  .contains("CreateJob waits until " + until)
                  .contains("PT1M")
                  .contains("CRONLOG_MAX_CLOCK_SKEW");
            });
  }
}
