package io.cronlog.executor.consume;

import io.cronlog.executor.act.CommandActions;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Records one sample of each of the executor's meters whose series appear only once used (tagged by
 * result).
 */
public final class CommandMetricsSamples {

  private CommandMetricsSamples() {}

  /** On {@code registry}, where an {@code Executor} registered its meters. */
  public static void recordOneOfEach(MeterRegistry registry) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    CommandMetrics metrics =
        new CommandMetrics(
            registry,
            new ObservedSkew(
                Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofSeconds(1),
                CommandActions.PLAUSIBLE_CLOCK_SKEW));
    ScheduledJobRef ref = new ScheduledJobRef("team-a", "alpha", "uid-a");
    CreateJob run = CreateJob.forRun(ref, now.minusSeconds(2), RunReason.SCHEDULED, null, now);
    metrics.acted(run, Result.CREATED, now);
    metrics.acted(run, Result.MISSED, now);
    metrics.acted(run, Result.FAILED, now);
    metrics.held(run, now.plusSeconds(5), true);
  }
}
