package io.cronlog.scheduler;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.scheduler.decide.Decider;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Records one sample of each of the scheduler's meters whose series appear only once used (tagged
 * by type).
 */
public final class SchedulerMetricsSamples {

  private SchedulerMetricsSamples() {}

  /** On {@code registry}, where a {@link SchedulerService} registered its meters. */
  public static void recordOneOfEach(MeterRegistry registry) {
    SchedulerMetrics metrics = new SchedulerMetrics(registry);
    ScheduledJobRef ref = new ScheduledJobRef("team-a", "alpha", "uid-a");
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    List<CommandRecord> commands =
        List.of(
            CreateJob.forRun(ref, now, RunReason.SCHEDULED, null, now),
            RecordEvent.of(
                ref,
                RecordEvent.EventType.Warning,
                Decider.MISSED_REASON,
                "missed",
                now.toString(),
                now));
    metrics.published(commands);
    metrics.decided(Duration.ofMillis(1));
    metrics.runDecided(Duration.ofMillis(300));
  }
}
