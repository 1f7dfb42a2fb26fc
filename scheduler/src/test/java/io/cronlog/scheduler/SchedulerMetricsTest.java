package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.records.CreateJob;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.scheduler.decide.Decider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SchedulerMetricsTest {

  static final ScheduledJobRef REF = new ScheduledJobRef("team-a", "alpha", "uid-a");
  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SchedulerMetrics metrics = new SchedulerMetrics(registry);

  @Test
  void countsAMissedRunForEachMissScheduleEventPublishedAndForNothingElse() {
    metrics.published(
        List.of(
            CreateJob.forRun(REF, NOW, RunReason.SCHEDULED, null, NOW),
            RecordEvent.of(
                REF,
                EventType.Warning,
                Decider.MISSED_REASON,
                "missed",
                "2026-01-01T09:00:00Z",
                NOW),
            RecordEvent.of(
                REF,
                EventType.Warning,
                "TooManyMissedTimes",
                "too many",
                "2026-01-01T09:00:00Z",
                NOW),
            RecordEvent.of(REF, EventType.Normal, "SawCompletedJob", "done", "uid-job", NOW)));

    assertThat(registry.get("cronlog.scheduler.runs.missed").counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get("cronlog.scheduler.commands.published")
                .tag("type", "RecordEvent")
                .counter()
                .count())
        .isEqualTo(3);
  }

  @Test
  void reportsThePartitionsStillRestoring() {
    AtomicInteger restoring = new AtomicInteger(2);
    metrics.watchRestores(restoring::get);

    assertThat(registry.get("cronlog.scheduler.partitions.restoring").gauge().value()).isEqualTo(2);
    restoring.set(0);
    assertThat(registry.get("cronlog.scheduler.partitions.restoring").gauge().value()).isZero();
  }
}
