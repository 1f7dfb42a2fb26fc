package io.cronlog.audit.render.html;

import io.cronlog.audit.timeline.TimelineEntry;
import java.time.Duration;
import java.util.List;

/**
 * The counts of one ScheduledJob's summary line. Runs are its scheduled times; manual runs are
 * counted apart, since nothing promised them.
 */
record Tally(
    int runs,
    int onTime,
    int late,
    int missed,
    int failed,
    int skipped,
    int pending,
    int manual,
    int findings) {

  static Tally of(List<TimelineEntry> entries, int findings, Duration maxSkew) {
    int runs = 0;
    int onTime = 0;
    int late = 0;
    int missed = 0;
    int failed = 0;
    int skipped = 0;
    int pending = 0;
    int manual = 0;
    for (TimelineEntry entry : entries) {
      if (entry.kind() == TimelineEntry.Kind.MANUAL_RUN) {
        manual++;
      } else if (entry.kind() == TimelineEntry.Kind.RUN) {
        runs++;
        switch (RunLook.of(entry, maxSkew).look()) {
          case "ok" -> onTime++;
          case "late" -> late++;
          case "missed" -> missed++;
          case "failed" -> failed++;
          case "skipped" -> skipped++;
          case "pending" -> pending++;
          default -> {} // an unknown fate is counted in runs only
        }
      }
    }
    return new Tally(runs, onTime, late, missed, failed, skipped, pending, manual, findings);
  }

  /**
   * The summary as {@code (data-count name, label, count)} cells, in the order a person reads them.
   */
  List<Cell> cells() {
    return List.of(
        new Cell("runs", "runs", runs),
        new Cell("on-time", "on time", onTime),
        new Cell("late", "late", late),
        new Cell("missed", "missed", missed),
        new Cell("failed", "failed/refused", failed),
        new Cell("skipped", "skipped", skipped),
        new Cell("pending", "pending", pending),
        new Cell("manual", "manual", manual),
        new Cell("findings", "findings", findings));
  }

  /** One count of the summary. */
  record Cell(String name, String label, int count) {}
}
