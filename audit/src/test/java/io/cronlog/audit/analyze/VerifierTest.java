package io.cronlog.audit.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.sim.Script;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.audit.timeline.Timeline;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.records.Change;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CreateJob;
import io.cronlog.records.JobObserved;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:30Z");
  private static final ScheduledJobKey HELLO = new ScheduledJobKey("team-a", "hello");

  @Test
  void anHourOfRunsOnTimeVerifiesClean() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create("team-a", "hello", spec -> spec.setSchedule("*/5 * * * *"));
    new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20))
        .runUntil(T0.plusSeconds(3600));

    Verifier.KeyVerification result = verify(cronlog, T0.plusSeconds(3600));

    assertThat(result.findings()).isEmpty();
    assertThat(result.runsJudged()).isEqualTo(12);
    assertThat(result.runsOnTime()).isEqualTo(12);
  }

  @Test
  void anInvalidSpecMakesNoRunDueAndTheCatchUpAfterItsFixIsNoExtraRun() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create(
        "team-a",
        "hello",
        spec -> {
          spec.setSchedule("*/5 * * * *");
          spec.setJobTemplate(null);
        });
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    script.runUntil(Instant.parse("2026-11-27T10:21:30Z"));
    cronlog.edit(
        "team-a",
        "hello",
        spec ->
            spec.setJobTemplate(
                new JobTemplateSpecBuilder()
                    .withNewSpec()
                    .withNewTemplate()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("main")
                    .withImage("busybox:1.36")
                    .endContainer()
                    .withRestartPolicy("Never")
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build()));
    script.runUntil(Instant.parse("2026-11-27T10:40:30Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:40:30Z"));

    assertThat(result.findings()).isEmpty();
    assertThat(result.runsJudged()).isEqualTo(4);
    assertThat(result.runsRan()).isEqualTo(4);
  }

  @Test
  void aSchedulerDownForTwoRunsGivesOneLateCatchUpAndSupersedesTheRest() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create("team-a", "hello", spec -> spec.setSchedule("*/5 * * * *"));
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    script.runUntil(Instant.parse("2026-11-27T10:07:00Z"));
    cronlog.schedulerUp(false);
    script.runUntil(Instant.parse("2026-11-27T10:21:00Z"));
    cronlog.schedulerUp(true);
    script.runUntil(Instant.parse("2026-11-27T10:30:30Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:30:30Z"));

    assertThat(result.findings())
        .extracting(f -> f.kind() + " " + f.time())
        .containsExactly("LATE 2026-11-27T10:20:00Z");
    assertThat(result.runsJudged()).isEqualTo(6);
    assertThat(result.runsRan()).isEqualTo(4);
    assertThat(result.runsOnTime()).isEqualTo(3);
    assertThat(result.runsNotRunByTheRules()).isEqualTo(2);
  }

  @Test
  void runsMissedOneAfterAnotherAreOneFindingThatSaysWhereTheTrailEnds() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create("team-a", "hello", spec -> spec.setSchedule("*/5 * * * *"));
    new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20))
        .runUntil(T0.plusSeconds(600));

    Verifier.KeyVerification result = verify(cronlog, T0.plusSeconds(3600));

    assertThat(result.findings())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.kind()).isEqualTo(Finding.Kind.MISSED);
              assertThat(finding.time()).isEqualTo(Instant.parse("2026-11-27T10:15:00Z"));
              assertThat(finding.message())
                  .isEqualTo(
                      "9 runs, from 2026-11-27T10:15:00Z to 2026-11-27T10:55:00Z, were due, "
                          + "and no Job was made and no reason recorded; the trail holds nothing of this ScheduledJob after "
                          + "2026-11-27T10:10:20Z");
              assertThat(finding.proof())
                  .singleElement()
                  .satisfies(ref -> assertThat(ref.type()).isEqualTo("ScheduledJobObserved"));
            });
    assertThat(result.runsJudged()).isEqualTo(11);
    assertThat(result.runsRan()).isEqualTo(2);
  }

  @Test
  void aRunReplacedByTheNextUnderReplaceSaysSoAndIsNoFinding() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create(
        "team-a",
        "hello",
        spec -> {
          spec.setSchedule("*/5 * * * *");
          spec.setConcurrencyPolicy(ConcurrencyPolicy.Replace);
        });
    new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20))
        .hold(
            SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:05:00Z")),
            Duration.ofMinutes(30))
        .runUntil(Instant.parse("2026-11-27T10:12:00Z"));
    Map<ScheduledJobKey, KeyHistory> histories = Script.histories(cronlog.trail());
    Judgement judgement =
        Judgement.of(
            null,
            Instant.parse("2026-11-27T10:12:00Z"),
            Instant.parse("2026-11-27T10:12:00Z"),
            Duration.ofSeconds(10));

    assertThat(new Verifier(judgement).verify(histories.get(HELLO)).findings()).isEmpty();
    assertThat(Timeline.of(histories.get(HELLO), judgement))
        .extracting(TimelineEntry::text)
        .contains(
            "run 2026-11-27T10:05:00Z: Job hello-29929565 created, +0.0s (scheduled): replaced at "
                + "2026-11-27T10:10:00Z by a newer run (concurrencyPolicy Replace)",
            "Job hello-29929565 deleted (replaced: concurrencyPolicy Replace)");
  }

  @Test
  void aTimeOfTheOldScheduleRacingWithAnEditIsNoFindingWhetherItRanOrNot() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create("team-a", "hello", spec -> spec.setSchedule("*/10 * * * *"));
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    script.runUntil(Instant.parse("2026-11-27T10:09:59Z"));
    // The edit reaches the scheduler 300 ms after 10:10, before its timer decided 10:10.
    cronlog.at(Instant.parse("2026-11-27T10:10:00.300Z"));
    cronlog.edit("team-a", "hello", spec -> spec.setSchedule("*/15 * * * *"));
    script.runUntil(Instant.parse("2026-11-27T10:31:00Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:31:00Z"));

    assertThat(result.findings()).isEmpty();
    assertThat(result.runsJudged()).isEqualTo(2);
  }

  @Test
  void anExecutorDownForHalfAnHourStartsOnlyTheMostRecentRunAndVerifiesClean() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create("team-a", "hello", spec -> spec.setSchedule("* * * * *"));
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    script.runUntil(Instant.parse("2026-11-27T10:02:30Z"));
    cronlog.executorUp(false);
    script.runUntil(Instant.parse("2026-11-27T10:32:00Z"));
    cronlog.executorUp(true);
    script.runUntil(Instant.parse("2026-11-27T10:34:30Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:34:30Z"));

    assertThat(result.findings()).isEmpty();
    assertThat(jobsEverCreated(cronlog))
        .containsExactly(
            SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:01:00Z")),
            SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:02:00Z")),
            SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:32:00Z")),
            SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:33:00Z")),
            SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:34:00Z")));
    assertThat(result.runsJudged()).isEqualTo(34);
    assertThat(result.runsRan()).isEqualTo(5);
    assertThat(result.runsNotRunByTheRules()).isEqualTo(29);
  }

  @Test
  void aRunTheExecutorFoundPastItsDeadlineIsMissedAsTheRulesAllow() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    cronlog.create(
        "team-a",
        "hello",
        spec -> {
          spec.setSchedule("*/10 * * * *");
          spec.setStartingDeadlineSeconds(60L);
        });
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    script.runUntil(Instant.parse("2026-11-27T10:09:30Z"));
    cronlog.executorUp(false);
    script.runUntil(Instant.parse("2026-11-27T10:15:00Z"));
    cronlog.executorUp(true);
    script.runUntil(Instant.parse("2026-11-27T10:20:30Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:20:30Z"));

    assertThat(result.findings()).isEmpty();
    assertThat(jobsEverCreated(cronlog))
        .containsExactly(SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:20:00Z")));
    assertThat(result.runsJudged()).isEqualTo(2);
    assertThat(result.runsNotRunByTheRules()).isEqualTo(1);
  }

  @Test
  void aRunTheExecutorSkippedUnderForbidOnTheLiveJobsIsSkippedAsTheRulesAllow() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    ScheduledJobRef ref =
        ScheduledJobRef.of(
            cronlog.create(
                "team-a",
                "hello",
                spec -> {
                  spec.setSchedule("*/5 * * * *");
                  spec.setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
                }));
    Script script =
        new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20))
            .hold(
                SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:05:00Z")),
                Duration.ofMinutes(30));
    script.runUntil(Instant.parse("2026-11-27T10:09:59Z"));
    // A scheduler on a state behind the cluster (a lagging watcher) decides 10:10 although 10:05
    // runs.
    cronlog.at(Instant.parse("2026-11-27T10:10:00.200Z"));
    cronlog.publishCommand(
        CreateJob.forRun(
            ref, Instant.parse("2026-11-27T10:10:00Z"), RunReason.SCHEDULED, null, cronlog.now()));
    cronlog.execute();
    script.runUntil(Instant.parse("2026-11-27T10:12:00Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:12:00Z"));

    assertThat(result.findings()).isEmpty();
    assertThat(jobsEverCreated(cronlog))
        .containsExactly(SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:05:00Z")));
    assertThat(result.runsNotRunByTheRules()).isEqualTo(1);
  }

  @Test
  void aRunFoundDoneOnlyBecauseALaterOneStartedFirstIsSupersededNotRun() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    ScheduledJobRef ref =
        ScheduledJobRef.of(
            cronlog.create("team-a", "hello", spec -> spec.setSchedule("* * * * *")));
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    script.runUntil(Instant.parse("2026-11-27T10:01:30Z"));
    cronlog.schedulerUp(false);
    // A run decided early by a clock ahead starts at its time; the command for the run before it,
    // held up behind others of its ScheduledJob, is acted on after and finds lastScheduleTime past
    // it.
    cronlog.at(Instant.parse("2026-11-27T10:03:00.200Z"));
    cronlog.publishCommand(
        CreateJob.forRun(
            ref,
            Instant.parse("2026-11-27T10:03:00Z"),
            RunReason.SCHEDULED,
            Instant.parse("2026-11-27T10:02:00Z"),
            Instant.parse("2026-11-27T10:02:35Z")));
    cronlog.execute();
    cronlog.at(Instant.parse("2026-11-27T10:03:01Z"));
    cronlog.publishCommand(
        CreateJob.forRun(
            ref,
            Instant.parse("2026-11-27T10:02:00Z"),
            RunReason.SCHEDULED,
            Instant.parse("2026-11-27T10:01:00Z"),
            Instant.parse("2026-11-27T10:02:06Z")));
    cronlog.execute();
    cronlog.schedulerUp(true);
    script.runUntil(Instant.parse("2026-11-27T10:04:30Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:04:30Z"));

    assertThat(result.findings()).isEmpty();
    assertThat(jobsEverCreated(cronlog))
        .doesNotContain(SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:02:00Z")));
    assertThat(result.runsJudged()).isEqualTo(4);
    assertThat(result.runsRan()).isEqualTo(3);
    assertThat(result.runsNotRunByTheRules()).isEqualTo(1);
  }

  @Test
  void aLaterRunWhoseStatusCouldNotBeWrittenIsExplainedByTheFailureThatNamesItsJob() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), T0);
    ScheduledJobRef ref =
        ScheduledJobRef.of(
            cronlog.create("team-a", "hello", spec -> spec.setSchedule("* * * * *")));
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    script.runUntil(Instant.parse("2026-11-27T10:01:30Z"));
    cronlog.schedulerUp(false);
    // The command for 10:02 is acted on at 10:03: the executor starts the run of 10:03 in its
    // place,
    // fails to write the status, and dies before retrying; no command for 10:03 was written.
    cronlog.at(Instant.parse("2026-11-27T10:02:00.200Z"));
    cronlog.executorUp(false);
    cronlog.publishCommand(
        CreateJob.forRun(
            ref,
            Instant.parse("2026-11-27T10:02:00Z"),
            RunReason.SCHEDULED,
            Instant.parse("2026-11-27T10:01:00Z"),
            cronlog.now()));
    cronlog.at(Instant.parse("2026-11-27T10:03:01Z"));
    cronlog.executorUp(true);
    cronlog.execute();
    String later = SimulatedCronlog.jobName("hello", Instant.parse("2026-11-27T10:03:00Z"));
    List<SimulatedCronlog.Written> trail = cronlog.trail();
    for (int i = 0; i < trail.size(); i++) {
      if (trail.get(i).record() instanceof CommandOutcome o
          && o.result() == CommandOutcome.Result.SUPERSEDED) {
        CommandOutcome failed =
            new CommandOutcome(
                o.schemaVersion(),
                o.id() + "-failed",
                o.time(),
                o.commandId(),
                o.commandType(),
                o.target(),
                CommandOutcome.Result.FAILED,
                "recording Job " + later + " in the status: 500 InternalError",
                true,
                o.jobName(),
                o.jobUid());
        trail.set(
            i, new SimulatedCronlog.Written(trail.get(i).topic(), trail.get(i).key(), failed));
      }
    }
    script.runUntil(Instant.parse("2026-11-27T10:03:30Z"));

    Verifier.KeyVerification result = verify(cronlog, Instant.parse("2026-11-27T10:03:30Z"));

    assertThat(jobsEverCreated(cronlog)).contains(later);
    assertThat(result.findings()).isEmpty();
    assertThat(result.runsNotRunByTheRules()).isEqualTo(1);
  }

  /**
   * The names of the Jobs the watcher saw added, in order: the history limit deletes the older
   * ones.
   */
  private static List<String> jobsEverCreated(SimulatedCronlog cronlog) {
    return cronlog.trail().stream()
        .map(SimulatedCronlog.Written::record)
        .filter(r -> r instanceof JobObserved observed && observed.change() == Change.ADDED)
        .map(r -> ((JobObserved) r).object().getMetadata().getName())
        .toList();
  }

  private static Verifier.KeyVerification verify(SimulatedCronlog cronlog, Instant readAt) {
    Map<ScheduledJobKey, KeyHistory> histories = Script.histories(cronlog.trail());
    Judgement judgement = Judgement.of(null, readAt, readAt, Duration.ofSeconds(10));
    return new Verifier(judgement).verify(histories.get(HELLO));
  }
}
