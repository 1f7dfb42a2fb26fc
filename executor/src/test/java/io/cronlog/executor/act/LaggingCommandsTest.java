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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands that reach the executor long after they were decided (the executor or the watcher
 * lagged): whatever the backlog, only the runs the controller would start now are started.
 */
@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class LaggingCommandsTest {

  static final Instant T = Instant.parse("2024-03-01T10:00:00Z");
  static final Duration MAX_SKEW = Duration.ofMinutes(1);

  KubernetesClient client;

  @BeforeEach
  void installCrd() throws Exception {
    MockApi.installCrd(client);
  }

  private CommandActions actionsAt(Instant now) {
    return CommandActions.on(client, Clock.fixed(now, ZoneOffset.UTC), MAX_SKEW);
  }

  private ScheduledJobRef scheduledJob(
      String schedule, ConcurrencyPolicy policy, Long startingDeadlineSeconds) {
    ScheduledJob sj = MockApi.scheduledJob("team-a", "report", schedule, null);
    sj.getSpec().setConcurrencyPolicy(policy);
    sj.getSpec().setStartingDeadlineSeconds(startingDeadlineSeconds);
    return ScheduledJobRef.of(MockApi.create(client, sj));
  }

  private static CreateJob run(ScheduledJobRef ref, Instant at) {
    return CreateJob.forRun(ref, at, RunReason.SCHEDULED, null, at);
  }

  /**
   * One command per minute from T+1m to T+30m, as a scheduler that never saw them confirmed decides
   * them.
   */
  private static List<ActionResult> actOnBacklog(CommandActions actions, ScheduledJobRef ref) {
    List<ActionResult> results = new ArrayList<>();
    for (int minute = 1; minute <= 30; minute++) {
      results.add(actions.act(run(ref, T.plusSeconds(60L * minute))));
    }
    return results;
  }

  private List<Event> events(String reason) {
    return client.v1().events().inNamespace("team-a").list().getItems().stream()
        .filter(e -> e.getReason().equals(reason))
        .toList();
  }

  @Test
  void aBacklogOfThirtyMinuteCommandsUnderAllowStartsOnlyTheMostRecentRun() {
    ScheduledJobRef ref = scheduledJob("* * * * *", ConcurrencyPolicy.Allow, null);
    Instant latest = T.plusSeconds(30 * 60);

    List<ActionResult> results = actOnBacklog(actionsAt(latest.plusSeconds(20)), ref);

    String latestJob = Runs.jobName("report", latest);
    assertThat(MockApi.jobs(client, "team-a"))
        .extracting(job -> job.getMetadata().getName())
        .containsExactly(latestJob);
    assertThat(results.get(0).result()).isEqualTo(Result.SUPERSEDED);
    assertThat(results.get(0).jobName()).isEqualTo(latestJob);
    assertThat(results.get(0).detail()).startsWith("superseded by " + latest);
    assertThat(results.subList(1, 29))
        .extracting(ActionResult::result)
        .containsOnly(Result.ALREADY_DONE);
    assertThat(results.get(1).detail())
        .isEqualTo(
            "the run at "
                + T.plusSeconds(120)
                + ", or a later one, was "
                + "already started (lastScheduleTime "
                + latest
                + ")");
    assertThat(results.get(29).result()).isEqualTo(Result.ADOPTED);
    ScheduledJob live = MockApi.get(client, ref);
    assertThat(live.getStatus().getLastScheduleTime()).isEqualTo(latest.toString());
    assertThat(live.getStatus().getActive())
        .extracting(a -> a.getName())
        .containsExactly(latestJob);
    assertThat(events("SuccessfulCreate")).hasSize(1);
  }

  @Test
  void aBacklogUnderForbidStartsOnlyTheMostRecentRun() {
    ScheduledJobRef ref = scheduledJob("* * * * *", ConcurrencyPolicy.Forbid, null);
    Instant latest = T.plusSeconds(30 * 60);

    List<ActionResult> results = actOnBacklog(actionsAt(latest.plusSeconds(20)), ref);

    assertThat(MockApi.jobs(client, "team-a"))
        .extracting(job -> job.getMetadata().getName())
        .containsExactly(Runs.jobName("report", latest));
    assertThat(results)
        .extracting(ActionResult::result)
        .doesNotContain(Result.CREATED, Result.REFUSED, Result.SKIPPED);
  }

  @Test
  void aBacklogUnderForbidStartsNothingWhileAnEarlierRunIsStillRunning() {
    ScheduledJobRef ref = scheduledJob("* * * * *", ConcurrencyPolicy.Forbid, null);
    Job earlier = ActionTestSupport.runJob(client, ref, T);
    ActionTestSupport.activate(client, ref, earlier);

    List<ActionResult> results = actOnBacklog(actionsAt(T.plusSeconds(30 * 60 + 20)), ref);

    assertThat(MockApi.jobs(client, "team-a"))
        .extracting(job -> job.getMetadata().getName())
        .containsExactly(earlier.getMetadata().getName());
    assertThat(results).extracting(ActionResult::result).containsOnly(Result.SKIPPED);
  }

  @Test
  void aRunPastItsDeadlineStartsNothingAndIsReportedMissed() {
    ScheduledJobRef ref = scheduledJob("0 * * * *", ConcurrencyPolicy.Allow, 200L);

    ActionResult result = actionsAt(T.plusSeconds(600)).act(run(ref, T));

    assertThat(result.result()).isEqualTo(Result.MISSED);
    assertThat(result.detail())
        .contains("the run at " + T + " is past its startingDeadlineSeconds (200s");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
    ScheduledJob live = MockApi.get(client, ref);
    assertThat(live.getStatus().getLastMissedTime()).isEqualTo(T.toString());
    assertThat(live.getStatus().getLastScheduleTime()).isNull();
    assertThat(live.getStatus().getActive()).isEmpty();
    assertThat(events("MissSchedule"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).startsWith("Missed scheduled time to start a job: " + T);
            });
  }

  @Test
  void aBacklogWhoseMostRecentTimeIsPastItsDeadlineStartsNothingAndReportsThatTimeMissedOnce() {
    ScheduledJobRef ref = scheduledJob("*/10 * * * *", ConcurrencyPolicy.Allow, 60L);
    CommandActions actions = actionsAt(T.plusSeconds(25 * 60));

    ActionResult first = actions.act(run(ref, T));
    ActionResult second = actions.act(run(ref, T.plusSeconds(600)));

    Instant mostRecent = T.plusSeconds(20 * 60);
    assertThat(List.of(first.result(), second.result())).containsOnly(Result.MISSED);
    assertThat(first.detail())
        .contains(
            "the run at " + mostRecent + " (the most recent due time, which supersedes " + T + ")");
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
    assertThat(MockApi.get(client, ref).getStatus().getLastMissedTime())
        .isEqualTo(mostRecent.toString());
    assertThat(events("MissSchedule")).hasSize(1);
  }

  @Test
  void aBacklogCollapsesToTheMostRecentRunWhichStillStartsWithinItsDeadline() {
    ScheduledJobRef ref = scheduledJob("* * * * *", ConcurrencyPolicy.Allow, 200L);

    ActionResult result = actionsAt(T.plusSeconds(30 * 60 + 20)).act(run(ref, T.plusSeconds(60)));

    assertThat(result.result()).isEqualTo(Result.SUPERSEDED);
    assertThat(MockApi.jobs(client, "team-a"))
        .extracting(job -> job.getMetadata().getName())
        .containsExactly(Runs.jobName("report", T.plusSeconds(30 * 60)));
  }

  @Test
  void theDeadlineIsWidenedByTheAllowedClockSkew() {
    ScheduledJobRef ref = scheduledJob("0 * * * *", ConcurrencyPolicy.Allow, 30L);

    ActionResult withinSkew = actionsAt(T.plusSeconds(30 + 60)).act(run(ref, T));

    assertThat(withinSkew.result()).isEqualTo(Result.CREATED);
  }

  @Test
  void theDeadlinePlusTheAllowedClockSkewIsTheLastMomentARunStarts() {
    ScheduledJobRef ref = scheduledJob("0 * * * *", ConcurrencyPolicy.Allow, 30L);

    ActionResult beyondSkew = actionsAt(T.plusSeconds(30 + 60 + 1)).act(run(ref, T));

    assertThat(beyondSkew.result()).isEqualTo(Result.MISSED);
    assertThat(MockApi.jobs(client, "team-a")).isEmpty();
  }

  @Test
  void aManualRunIsNeitherSupersededNorMissed() {
    ScheduledJob sj = MockApi.scheduledJob("team-a", "report", "* * * * *", null);
    sj.getSpec().setStartingDeadlineSeconds(10L);
    sj.getMetadata().setAnnotations(new HashMap<>(Map.of(Runs.TRIGGER_ANNOTATION, "now")));
    ScheduledJobRef ref = ScheduledJobRef.of(MockApi.create(client, sj));

    ActionResult result =
        actionsAt(T.plusSeconds(3600)).act(CreateJob.forManualRun(ref, "now", T, T));

    assertThat(result.result()).isEqualTo(Result.CREATED);
  }
}
