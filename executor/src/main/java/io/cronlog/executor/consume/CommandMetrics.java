package io.cronlog.executor.consume;

import io.cronlog.ops.Metrics;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * What an operator watches of the executor: each command's result, by type, and how late each Job
 * was created after its run was due, the measure the CronJob controller publishes as {@code
 * cronjob_controller_job_creation_skew_duration_seconds}; and how far ahead of this executor's
 * clock the commands are stamped, with the commands that waited for it.
 */
public final class CommandMetrics {

  private final MeterRegistry registry;
  private final Timer scheduledSkew;
  private final Timer manualSkew;
  private final Counter deadLetters;
  private final ObservedSkew clockSkew;

  public CommandMetrics(MeterRegistry registry, ObservedSkew clockSkew) {
    this.registry = registry;
    this.clockSkew = clockSkew;
    Gauge.builder("cronlog.executor.clock.skew", clockSkew, ObservedSkew::aheadSeconds)
        .baseUnit("seconds")
        .description(
            "How far ahead of this executor's clock the commands it received in the last five minutes"
                + " were stamped, at most (delay lowers it); NaN when none came")
        .register(registry);
    this.scheduledSkew = skew("schedule");
    this.manualSkew = skew("manual");
    this.deadLetters =
        Counter.builder("cronlog.executor.dead.letters")
            .description("Command records that could not be read, sent to the dead-letter topic")
            .register(registry);
  }

  /** {@code command} had {@code result} at {@code now}. */
  void acted(CommandRecord command, Result result, Instant now) {
    Counter.builder("cronlog.executor.commands")
        .description("Commands acted on, by type and result")
        .tag("type", command.getClass().getSimpleName())
        .tag("result", result.name())
        .register(registry)
        .increment();
    if (command instanceof CreateJob create && result == Result.CREATED) {
      // For a manual run the "scheduled" time is when it was asked for.
      Timer skew = create.manualTrigger() == null ? scheduledSkew : manualSkew;
      Duration late = Duration.between(create.scheduledTime(), now);
      skew.record(
          late.isNegative() ? Duration.ZERO : late); // ahead of time (clocks apart) is on time
    }
  }

  /** {@code command}, stamped by the clock of whoever wrote it, is read now. */
  void received(CommandRecord command) {
    clockSkew.received(command.time());
  }

  /**
   * {@code command} waits until {@code until} for this executor's clock; {@code first}: it did not
   * wait before.
   */
  void held(CommandRecord command, Instant until, boolean first) {
    clockSkew.waiting(until);
    if (first) {
      Counter.builder("cronlog.executor.commands.held")
          .description(
              "Commands that waited for this executor's clock: stamped further ahead than the allowed skew")
          .tag("type", command.getClass().getSimpleName())
          .register(registry)
          .increment();
    }
  }

  void deadLettered() {
    deadLetters.increment();
  }

  private Timer skew(String trigger) {
    return Timer.builder("cronlog.executor.job.creation.skew.duration")
        .description(
            "From the time a run was due (a manual run: asked for) to the creation of its Job")
        .tag("trigger", trigger)
        .serviceLevelObjectives(Metrics.LATENESS_BUCKETS)
        .register(registry);
  }
}
