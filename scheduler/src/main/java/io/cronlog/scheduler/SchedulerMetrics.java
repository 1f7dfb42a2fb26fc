package io.cronlog.scheduler;

import io.cronlog.ops.Metrics;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.state.PartitionRestore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * What an operator watches of the scheduler: how many ScheduledJobs it decides for, how many
 * decisions wait for the decision threads, how long a decision takes, how late after its time a run
 * is decided (its share of the Job creation skew the executor measures), what it publishes, the
 * dead letters it sent and those whose send failed, the runs it reported missed, and how long a
 * partition's restore took and how many are restoring.
 */
public final class SchedulerMetrics {

  private final MeterRegistry registry;
  private final Timer decisions;
  private final Timer runDecisionLateness;
  private final Counter publishFailures;
  private final Timer restores;
  private final Counter deadLetters;
  private final Counter deadLetterFailures;
  private final Counter missedRuns;

  public SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.decisions =
        Timer.builder("cronlog.scheduler.decision.duration")
            .description("Time a decision thread spent deciding one ScheduledJob")
            .register(registry);
    this.runDecisionLateness =
        Timer.builder("cronlog.scheduler.run.decision.lateness")
            .description("From a scheduled run's time to the decision to start it")
            .serviceLevelObjectives(Metrics.LATENESS_BUCKETS)
            .register(registry);
    this.publishFailures =
        Counter.builder("cronlog.scheduler.publish.failures")
            .description("Commands whose send failed and which are decided again")
            .register(registry);
    this.restores =
        Timer.builder("cronlog.scheduler.partition.restore.duration")
            .description(
                "Reading an assigned partition's state and recent commands before deciding for it")
            .register(registry);
    this.deadLetters =
        Counter.builder("cronlog.scheduler.dead.letters")
            .description("State records that could not be read, sent to the dead-letter topic")
            .register(registry);
    this.deadLetterFailures =
        Counter.builder("cronlog.scheduler.dead.letter.failures")
            .description("Dead letters whose send failed: the dead-letter topic lacks them")
            .register(registry);
    this.missedRuns =
        Counter.builder("cronlog.scheduler.runs.missed")
            .description(
                "Scheduled runs reported missed (past their starting deadline): MissSchedule Events published")
            .register(registry);
  }

  /** Reports the ScheduledJobs decided for and the decisions waiting for the decision threads. */
  public void watch(IntSupplier scheduledJobs, IntSupplier waitingTasks) {
    Gauge.builder("cronlog.scheduler.scheduled.jobs", scheduledJobs::getAsInt)
        .description("ScheduledJobs of the partitions this scheduler decides for")
        .register(registry);
    Gauge.builder("cronlog.scheduler.decision.queue", waitingTasks::getAsInt)
        .description("Decisions and state updates waiting for the decision threads")
        .register(registry);
  }

  /**
   * Reports the partitions assigned to this scheduler that are not restored yet (it decides nothing
   * for them).
   */
  public void watchRestores(IntSupplier restoringPartitions) {
    Gauge.builder("cronlog.scheduler.partitions.restoring", restoringPartitions::getAsInt)
        .description("Assigned partitions still being restored, which nothing is decided for yet")
        .register(registry);
  }

  public void decided(Duration took) {
    decisions.record(took);
  }

  public void runDecided(Duration afterItsTime) {
    runDecisionLateness.record(afterItsTime.isNegative() ? Duration.ZERO : afterItsTime);
  }

  public void published(List<CommandRecord> commands) {
    for (CommandRecord command : commands) {
      Counter.builder("cronlog.scheduler.commands.published")
          .description("Commands sent, by type")
          .tag("type", command.getClass().getSimpleName())
          .register(registry)
          .increment();
      if (command instanceof RecordEvent event && Decider.MISSED_REASON.equals(event.reason())) {
        missedRuns.increment();
      }
    }
  }

  public void deadLettered() {
    deadLetters.increment();
  }

  public void deadLetterFailed() {
    deadLetterFailures.increment();
  }

  public void publishFailed(int commands) {
    publishFailures.increment(commands);
  }

  public void restored(PartitionRestore restore) {
    restores.record(restore.took());
  }
}
