package io.cronlog.audit.analyze;

import io.cronlog.audit.history.Incarnation;
import io.cronlog.audit.history.SpecObservation;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.records.ScheduledJobKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Due times missed one after another, with nothing recorded for any: one finding for the streak,
 * not one per run, since they have one cause (cronlog, or a part of it, was not running). Its proof
 * is the spec observation that made them due; when the streak runs past the last record of the
 * ScheduledJob, the finding says so, as that is where to look.
 */
final class MissedStreak {

  private final ScheduledJobKey key;
  private final Incarnation incarnation;
  private final List<Finding> findings;
  private final List<RunVerdict> streak = new ArrayList<>();

  MissedStreak(ScheduledJobKey key, Incarnation incarnation, List<Finding> findings) {
    this.key = key;
    this.incarnation = incarnation;
    this.findings = findings;
  }

  /**
   * Takes the next verdict: a missed due time joins the streak, any other judged due time ends it.
   */
  void take(RunVerdict verdict) {
    if (!verdict.due() || verdict.fate() == Fate.PENDING) {
      return;
    }
    if (verdict.fate() == Fate.MISSED) {
      streak.add(verdict);
    } else {
      flush();
    }
  }

  /** Writes the finding of the streak so far, if any. */
  void flush() {
    if (streak.isEmpty()) {
      return;
    }
    RunVerdict first = streak.get(0);
    RunVerdict last = streak.get(streak.size() - 1);
    String what =
        streak.size() == 1
            ? "the run at " + first.scheduledTime() + " was due"
            : streak.size()
                + " runs, from "
                + first.scheduledTime()
                + " to "
                + last.scheduledTime()
                + ", were due";
    String after =
        incarnation.lastRecord() != null && last.scheduledTime().isAfter(incarnation.lastRecord())
            ? "; the trail holds nothing of this ScheduledJob after " + incarnation.lastRecord()
            : "";
    List<RecordRef> proof = new ArrayList<>();
    SpecObservation spec = incarnation.specAt(first.scheduledTime());
    if (spec != null) {
      proof.add(spec.ref());
    }
    findings.add(
        new Finding(
            Finding.Kind.MISSED,
            key,
            incarnation.uid(),
            first.scheduledTime(),
            what + ", and no Job was made and no reason recorded" + after,
            proof));
    streak.clear();
  }
}
