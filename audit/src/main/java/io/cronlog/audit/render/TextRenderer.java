package io.cronlog.audit.render;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.snapshot.Snapshot;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.records.JobSummary;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.ScheduledJobKey;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The audit's answers as lines a person reads: one line per fact, times in UTC and the
 * ScheduledJob's zone.
 */
public final class TextRenderer {

  private final PrintWriter out;

  public TextRenderer(PrintWriter out) {
    this.out = out;
  }

  /** One ScheduledJob's timeline under a heading. */
  public void timeline(ScheduledJobKey key, List<TimelineEntry> entries) {
    out.println(key);
    if (entries.isEmpty()) {
      out.println("  (nothing in this span)");
    }
    for (TimelineEntry entry : entries) {
      out.println("  " + Times.both(entry.time(), entry.zone()) + "  " + entry.text());
    }
    out.println();
  }

  /** One finding and the records that prove it. */
  public void finding(Finding finding) {
    String key = finding.key() == null ? "(no key)" : finding.key().toString();
    out.println(finding.kind().text() + "  " + key + "  " + finding.message());
    for (RecordRef ref : finding.proof()) {
      out.println("    " + ref);
    }
  }

  /** The counts a verification ends with. */
  public void summary(VerifySummary summary) {
    String counts =
        summary.findings().entrySet().stream()
            .filter(
                e ->
                    e.getKey().ordinal() < Finding.Kind.NOT_DECIDED.ordinal()
                        || summary.decisionsReplayed() >= 0)
            .map(e -> e.getKey().text() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    out.println(
        (summary.total() == 0
                ? "clean: "
                : summary.total() + " finding" + (summary.total() == 1 ? "" : "s") + ": ")
            + counts);
    out.println(
        "judged "
            + summary.runsJudged()
            + " due runs of "
            + summary.scheduledJobs()
            + " ScheduledJobs: "
            + summary.runsRan()
            + " ran, "
            + summary.runsOnTime()
            + " of them on time; "
            + summary.runsNotRunByTheRules()
            + " did not run, as the Kubernetes rules allow"
            + (summary.decisionsReplayed() < 0
                ? ""
                : "; replayed "
                    + summary.decisionsReplayed()
                    + " decisions"
                    + (summary.decisionsBeforeTrail() == 0
                        ? ""
                        : " ("
                            + summary.decisionsBeforeTrail()
                            + " older than the events kept, not replayed)")));
    if (summary.trailCutAt() != null) {
      out.println(
          "retention has deleted older records: runs are judged from "
              + summary.trailCutAt()
              + " on, where the trail is whole");
    }
  }

  /** A ScheduledJob as cronlog knew it at one instant. */
  public void snapshot(Snapshot snapshot) {
    if (snapshot.state() == null) {
      out.println(
          snapshot.key()
              + " at "
              + Times.both(snapshot.at(), ZoneOffset.UTC)
              + ": "
              + (snapshot.deletedAt() == null
                  ? "no such ScheduledJob in the trail then"
                  : "deleted at "
                      + Times.both(snapshot.deletedAt(), ZoneOffset.UTC)
                      + " ("
                      + snapshot.ref()
                      + ")"));
      return;
    }
    ScheduledJob sj = snapshot.state().scheduledJob();
    ZoneId zone = zone(sj);
    out.println(
        snapshot.key()
            + " at "
            + Times.both(snapshot.at(), zone)
            + ", as cronlog knew it since "
            + Times.both(snapshot.observedAt(), zone)
            + " ("
            + snapshot.ref()
            + "):");
    out.println(
        "  uid "
            + sj.getMetadata().getUid()
            + ", generation "
            + sj.getMetadata().getGeneration()
            + ", created "
            + sj.getMetadata().getCreationTimestamp()
            + (sj.getMetadata().getDeletionTimestamp() == null
                ? ""
                : ", being deleted since " + sj.getMetadata().getDeletionTimestamp()));
    var spec = sj.getSpec();
    out.println(
        "  spec: schedule '"
            + spec.getSchedule()
            + "'"
            + (spec.getTimeZone() == null ? " (UTC)" : " in " + spec.getTimeZone())
            + ", concurrencyPolicy "
            + spec.concurrencyPolicyOrDefault()
            + ", suspend "
            + spec.suspendedOrDefault()
            + ", startingDeadlineSeconds "
            + (spec.getStartingDeadlineSeconds() == null
                ? "(none)"
                : spec.getStartingDeadlineSeconds())
            + ", history "
            + spec.successfulJobsHistoryLimitOrDefault()
            + "/"
            + spec.failedJobsHistoryLimitOrDefault());
    if (snapshot.state().scheduleSince() != null) {
      out.println(
          "  schedule in effect since " + Times.both(snapshot.state().scheduleSince(), zone));
    }
    ScheduledJobStatus status = sj.getStatus() == null ? new ScheduledJobStatus() : sj.getStatus();
    out.println(
        "  status: lastScheduleTime "
            + orNone(status.getLastScheduleTime())
            + ", lastSuccessfulTime "
            + orNone(status.getLastSuccessfulTime())
            + ", nextScheduleTime "
            + orNone(status.getNextScheduleTime())
            + ", lastMissedTime "
            + orNone(status.getLastMissedTime()));
    for (Condition condition : status.getConditions()) {
      out.println(
          "  condition "
              + condition.getType()
              + " "
              + condition.getStatus()
              + " "
              + condition.getReason()
              + ": "
              + condition.getMessage());
    }
    out.println(
        "  active: "
            + (status.getActive().isEmpty()
                ? "none"
                : status.getActive().stream()
                    .map(ObjectReference::getName)
                    .collect(Collectors.joining(", "))));
    out.println("  Jobs:" + (snapshot.state().jobs().isEmpty() ? " none" : ""));
    for (JobSummary job : snapshot.state().jobs()) {
      out.println(
          "    "
              + job.name()
              + "  "
              + job.phase().name().toLowerCase()
              + (job.scheduledTime() == null
                  ? ""
                  : ", for " + Times.both(job.scheduledTime(), zone))
              + (job.completionTime() == null
                  ? ""
                  : ", finished " + Times.both(job.completionTime(), zone)));
    }
  }

  public void flush() {
    out.flush();
  }

  private static String orNone(String time) {
    return time == null ? "(none)" : time;
  }

  static ZoneId zone(ScheduledJob sj) {
    try {
      return KubeTimes.zoneOf(sj.getSpec().getTimeZone());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
