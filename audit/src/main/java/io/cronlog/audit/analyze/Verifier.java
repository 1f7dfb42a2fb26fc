package io.cronlog.audit.analyze;

import io.cronlog.audit.history.CommandFacts;
import io.cronlog.audit.history.Incarnation;
import io.cronlog.audit.history.JobFacts;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.history.SpecObservation;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.ScheduledJobKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Judges one key's history against cronlog's promises: every due run ran, on time and once; every
 * Job was asked for; every command was carried out. Each finding names the records that prove it.
 */
public final class Verifier {

  private final Judgement judgement;

  public Verifier(Judgement judgement) {
    this.judgement = judgement;
  }

  /**
   * What a verification of one key found, and how its due runs came out: judged, ran, ran on time,
   * and not run for a reason the Kubernetes rules accept (skipped by Forbid, missed past a
   * deadline, superseded, moot).
   */
  public record KeyVerification(
      List<Finding> findings,
      int runsJudged,
      int runsRan,
      int runsOnTime,
      int runsNotRunByTheRules) {}

  /**
   * The findings of {@code history}, in the order of the time each is about, and the runs judged.
   */
  public KeyVerification verify(KeyHistory history) {
    List<Finding> findings = new ArrayList<>();
    int judged = 0;
    int ran = 0;
    int onTime = 0;
    int accepted = 0;
    ScheduledJobKey key = history.key();
    for (TrailRecord record : history.unreadable()) {
      findings.add(
          new Finding(
              Finding.Kind.UNREADABLE,
              key,
              null,
              record.timestamp(),
              "a record on " + record.ref().topic() + " could not be read: " + record.unreadable(),
              List.of(record.ref())));
    }
    for (Incarnation incarnation : history.incarnations()) {
      RunLedger ledger = RunLedger.of(key.name(), incarnation, judgement);
      MissedStreak missed = new MissedStreak(key, incarnation, findings);
      for (RunVerdict verdict : ledger.verdicts()) {
        missed.take(verdict);
        runFindings(key, incarnation.uid(), ledger, verdict, findings);
        if (verdict.due() && verdict.fate() != Fate.PENDING) {
          judged++;
          if (verdict.fate().ran()) {
            ran++;
            if (verdict.lateness() == null
                || verdict.lateness().compareTo(judgement.maxSkew()) <= 0) {
              onTime++;
            }
          } else if (verdict.fate().allowedByTheRules()) {
            accepted++;
          }
        }
      }
      missed.flush();
      for (JobFacts job : ledger.unexplainedJobs()) {
        findings.add(
            new Finding(
                Finding.Kind.UNEXPLAINED,
                key,
                incarnation.uid(),
                job.created(),
                "Job "
                    + job.name()
                    + " is controlled by the ScheduledJob, but no command asked for it",
                List.of(job.firstSeen())));
      }
      commandFindings(key, incarnation, ledger, findings);
    }
    findings.sort(
        Comparator.comparing(Finding::time, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new KeyVerification(findings, judged, ran, onTime, accepted);
  }

  private void runFindings(
      ScheduledJobKey key,
      String uid,
      RunLedger ledger,
      RunVerdict verdict,
      List<Finding> findings) {
    String what =
        verdict.manual()
            ? "manual run '" + verdict.trigger() + "'"
            : "run at " + verdict.scheduledTime();
    if (verdict.due() && verdict.fate() == Fate.NO_OUTCOME) {
      findings.add(
          new Finding(
              Finding.Kind.MISSED,
              key,
              uid,
              verdict.scheduledTime(),
              "the " + what + " was commanded but never carried out: no outcome, no Job",
              verdict.proof()));
    }
    if (verdict.jobs().size() > 1 || verdict.createdCount() > 1) {
      findings.add(
          new Finding(
              Finding.Kind.DUPLICATE,
              key,
              uid,
              verdict.scheduledTime(),
              "the "
                  + what
                  + " has "
                  + verdict.jobs().size()
                  + " Jobs ("
                  + String.join(", ", verdict.jobs().stream().map(JobFacts::name).toList())
                  + ") and was created "
                  + verdict.createdCount()
                  + " times",
              verdict.proof()));
    }
    Duration lateness = verdict.lateness();
    if (verdict.due()
        && verdict.fate().ran()
        && lateness != null
        && lateness.compareTo(judgement.maxSkew()) > 0) {
      findings.add(
          new Finding(
              Finding.Kind.LATE,
              key,
              uid,
              verdict.scheduledTime(),
              "the "
                  + what
                  + " started "
                  + Durations.text(lateness)
                  + " after its time (allowed "
                  + Durations.text(judgement.maxSkew())
                  + ")"
                  + (verdict.detail() == null ? "" : ": " + verdict.detail()),
              verdict.proof()));
    }
    if (!verdict.due()
        && !verdict.manual()
        && verdict.fate().ran()
        && !dueWhileSuspended(ledger, verdict)) {
      findings.add(
          new Finding(
              Finding.Kind.UNEXPLAINED,
              key,
              uid,
              verdict.scheduledTime(),
              "a Job was made for "
                  + verdict.scheduledTime()
                  + ", which the spec history does not make due",
              verdict.proof()));
    }
  }

  /**
   * A run for a time due while suspended (or while the spec was invalid) is the catch-up a resume
   * (or the fix) starts, as the Kubernetes rule runs the most recent missed time: not an extra run.
   */
  private static boolean dueWhileSuspended(RunLedger ledger, RunVerdict verdict) {
    SpecObservation spec = ledger.specAt(verdict.scheduledTime());
    return spec != null && (spec.spec().suspend() || spec.spec().invalid() != null);
  }

  private void commandFindings(
      ScheduledJobKey key, Incarnation incarnation, RunLedger ledger, List<Finding> findings) {
    for (CommandFacts command : incarnation.commands().values()) {
      CommandOutcome last = command.finalOutcome();
      if (last == null
          || !judgement.covers(command.time())
          || (last.result() != Result.REFUSED && last.result() != Result.FAILED)) {
        continue;
      }
      if (last.result() == Result.REFUSED && ledger.deletedBy(last.time())) {
        continue; // moot: the ScheduledJob was deleted under it
      }
      List<RecordRef> proof = new ArrayList<>(command.refs());
      proof.add(command.finalOutcomeRef());
      String what =
          command.command() instanceof CreateJob create
              ? (create.manual()
                  ? "CreateJob for manual run '" + create.manualTrigger() + "'"
                  : "CreateJob for " + create.scheduledTime())
              : last.commandType();
      findings.add(
          new Finding(
              last.result() == Result.REFUSED ? Finding.Kind.REFUSED : Finding.Kind.FAILED,
              key,
              incarnation.uid(),
              command.time(),
              what + " " + last.result().name().toLowerCase() + ": " + last.detail(),
              proof));
    }
  }
}
