package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.Runs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPrinterTest {

  private static final Instant NOW = Instant.parse("2026-12-04T14:30:01.500Z");

  @Test
  void printsAScheduledRunInUtc() {
    assertThat(JobPrinter.line(job("hello-29939910", "2026-12-04T14:30:00Z", null), null, NOW))
        .isEqualTo(
            "job default/hello-29939910: scheduled run of 2026-12-04 14:30:00 UTC, seen 1.5 s after it");
  }

  @Test
  void printsARunInAZoneInUtcWithTheLocalTimeBeside() {
    assertThat(
            JobPrinter.line(
                job("ny-29939910", "2026-12-04T09:30:00-05:00", null), "America/New_York", NOW))
        .isEqualTo(
            "job default/ny-29939910: scheduled run of 2026-12-04 14:30:00 UTC (09:30 America/New_York),"
                + " seen 1.5 s after it");
  }

  @Test
  void printsTheLocalDateWhenItIsNotTheUtcOne() {
    assertThat(
            JobPrinter.line(
                job("tokyo-29940030", "2026-12-05T01:30:00+09:00", null), "Asia/Tokyo", NOW))
        .contains("scheduled run of 2026-12-04 16:30:00 UTC (2026-12-05 01:30 Asia/Tokyo)");
    assertThat(
            JobPrinter.line(
                job("late-29939910", "2026-12-04T14:30:00Z", null), "Pacific/Kiritimati", NOW))
        .contains("scheduled run of 2026-12-04 14:30:00 UTC (2026-12-05 04:30 Pacific/Kiritimati)");
  }

  @Test
  void showsTheOffsetWhenTheScheduledJobIsGone() {
    assertThat(JobPrinter.line(job("ny-29939910", "2026-12-04T09:30:00-05:00", null), null, NOW))
        .contains("scheduled run of 2026-12-04 14:30:00 UTC (09:30 -05:00)");
  }

  @Test
  void namesAManualRunAsOne() {
    assertThat(
            JobPrinter.line(
                job("hello-29939910-m1a2b3c4", "2026-12-04T14:30:00Z", "now"), "UTC", NOW))
        .isEqualTo(
            "job default/hello-29939910-m1a2b3c4: manual run asked for at 2026-12-04 14:30:00 UTC,"
                + " seen 1.5 s after it");
  }

  private static Job job(String name, String scheduledAt, String trigger) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Runs.SCHEDULED_AT_ANNOTATION, scheduledAt);
    if (trigger != null) {
      annotations.put(Runs.TRIGGER_ANNOTATION, trigger);
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }
}
