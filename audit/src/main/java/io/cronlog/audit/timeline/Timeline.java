package io.cronlog.audit.timeline;

import io.cronlog.audit.analyze.Durations;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.RunLedger;
import io.cronlog.audit.analyze.RunVerdict;
import io.cronlog.audit.history.CommandFacts;
import io.cronlog.audit.history.Incarnation;
import io.cronlog.audit.history.JobFacts;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.history.SpecObservation;
import io.cronlog.audit.history.SpecView;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.ScheduledJobKey;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The timeline of one key: every fact the trail holds about its ScheduledJobs in the span, in time
 * order: spec changes, each scheduled time and what became of it, manual runs, the Jobs' lives,
 * deletions, the Events cronlog recorded and the dead letters.
 */
public final class Timeline {

  /** Events the timeline shows in their own words; the others are in a run's or a Job's line. */
  private static final Set<String> SHOWN_IN_OTHER_LINES =
      Set.of("JobAlreadyActive", "MissSchedule", "SawCompletedJob", "TooManyMissedTimes");

  /**
   * How a dead letter without payload names the one that holds its parts (watcher's
   * PublicationEncoder).
   */
  private static final String POINTER = "the parts left out are as in dead letter";

  private final KeyHistory history;
  private final Judgement judgement;
  private final List<TimelineEntry> entries = new ArrayList<>();

  private Timeline(KeyHistory history, Judgement judgement) {
    this.history = history;
    this.judgement = judgement;
  }

  /** The timeline of {@code history} within {@code judgement}'s span. */
  public static List<TimelineEntry> of(KeyHistory history, Judgement judgement) {
    Timeline timeline = new Timeline(history, judgement);
    Instant previousDeleted = null;
    for (Incarnation incarnation : history.incarnations()) {
      timeline.incarnation(incarnation, previousDeleted);
      previousDeleted = incarnation.deleted();
    }
    timeline.deadLetters(history.deadLetters());
    history.unreadable().forEach(timeline::unreadable);
    timeline.entries.sort(Comparator.comparing(TimelineEntry::time));
    return timeline.entries;
  }

  private void incarnation(Incarnation incarnation, Instant previousDeleted) {
    ScheduledJobKey key = history.key();
    List<SpecObservation> specs = incarnation.specs();
    if (!specs.isEmpty()) {
      SpecObservation first = specs.get(0);
      if (incarnation.created() != null
          && !incarnation.created().isBefore(first.time().minusSeconds(60))) {
        add(
            createdAfter(incarnation.created(), previousDeleted),
            incarnation,
            TimelineEntry.Kind.CREATED,
            "created (uid " + incarnation.uid() + "): " + describe(first.spec()),
            Map.of("spec", describe(first.spec())),
            List.of(first.ref()));
      }
      for (int i = 1; i < specs.size(); i++) {
        List<String> changes = specs.get(i).spec().changesFrom(specs.get(i - 1).spec());
        if (!changes.isEmpty()) {
          add(
              specs.get(i).time(),
              incarnation,
              TimelineEntry.Kind.SPEC_CHANGED,
              "spec: " + String.join(", ", changes),
              Map.of("changes", changes),
              List.of(specs.get(i).ref()));
        }
      }
    }
    RunLedger ledger = RunLedger.of(key.name(), incarnation, judgement);
    ledger.verdicts().forEach(verdict -> run(incarnation, verdict));
    for (JobFacts job : incarnation.jobs().values()) {
      job(incarnation, job);
    }
    for (Incarnation.RecordedEvent recorded : incarnation.events()) {
      RecordEvent event = recorded.event();
      if (!SHOWN_IN_OTHER_LINES.contains(event.reason())) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventType", event.eventType().name());
        fields.put("reason", event.reason());
        fields.put("message", event.message());
        add(
            event.time(),
            incarnation,
            TimelineEntry.Kind.EVENT,
            event.eventType() + " " + event.reason() + ": " + event.message(),
            fields,
            List.of(recorded.ref()));
      }
    }
    incarnation.commands().values().forEach(command -> refused(incarnation, command));
    if (incarnation.deleted() != null) {
      add(
          incarnation.deleted(),
          incarnation,
          TimelineEntry.Kind.DELETED,
          "deleted (uid " + incarnation.uid() + ")",
          Map.of(),
          List.of(incarnation.deletedRef()));
    }
  }

  /**
   * When a ScheduledJob deleted and made again under its name was created: its creationTimestamp is
   * cut to the second, and a name is never held twice, so a creation stamped in the second of the
   * previous holder's observed deletion came after it.
   */
  private static Instant createdAfter(Instant created, Instant previousDeleted) {
    boolean sameSecond =
        previousDeleted != null
            && !previousDeleted.isBefore(created)
            && previousDeleted.isBefore(created.plusSeconds(1));
    return sameSecond ? previousDeleted : created;
  }

  private void run(Incarnation incarnation, RunVerdict verdict) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scheduledTime", verdict.scheduledTime().toString());
    if (verdict.manual()) {
      fields.put("trigger", verdict.trigger());
    }
    fields.put("fate", verdict.fate().name().toLowerCase().replace('_', '-'));
    fields.put("due", verdict.due());
    fields.put("reason", verdict.reason());
    fields.put("jobs", verdict.jobs().stream().map(JobFacts::name).toList());
    fields.put(
        "latenessSeconds",
        verdict.lateness() == null ? null : verdict.lateness().toMillis() / 1000.0);
    fields.put("detail", verdict.detail());
    StringBuilder text =
        new StringBuilder(
            verdict.manual()
                ? "manual run '" + verdict.trigger() + "': "
                : "run " + verdict.scheduledTime() + ": ");
    if (!verdict.jobs().isEmpty()) {
      text.append("Job ")
          .append(String.join(", ", verdict.jobs().stream().map(JobFacts::name).toList()))
          .append(" ")
          .append(verdict.fate().text().replace("Job ", ""));
    } else {
      text.append(verdict.fate().text());
    }
    if (verdict.lateness() != null && verdict.fate().ran()) {
      text.append(", ")
          .append(verdict.lateness().isNegative() ? "" : "+")
          .append(Durations.text(verdict.lateness()));
    }
    if (verdict.reason() != null && !verdict.manual()) {
      text.append(" (").append(verdict.reason()).append(")");
    }
    if (verdict.detail() != null) {
      text.append(": ").append(verdict.detail());
    }
    if (!verdict.due() && !verdict.manual()) {
      SpecObservation spec = incarnation.specAt(verdict.scheduledTime());
      text.append(
          spec != null && spec.spec().suspend()
              ? " [a time due while suspended, run on resume]"
              : spec != null && spec.spec().invalid() != null
                  ? " [a time due while the spec was invalid, run once fixed]"
                  : " [not due by the spec history]");
    }
    add(
        verdict.scheduledTime(),
        incarnation,
        verdict.manual() ? TimelineEntry.Kind.MANUAL_RUN : TimelineEntry.Kind.RUN,
        text.toString(),
        fields,
        verdict.proof());
  }

  private void job(Incarnation incarnation, JobFacts job) {
    Map<String, Object> fields = Map.of("job", job.name());
    if (job.started() != null) {
      add(
          job.started(),
          incarnation,
          TimelineEntry.Kind.JOB_STARTED,
          "Job " + job.name() + " started",
          fields,
          List.of(job.firstSeen()));
    }
    if (job.phase() != JobPhase.ACTIVE) {
      boolean succeeded = job.phase() == JobPhase.SUCCEEDED;
      add(
          job.finished(),
          incarnation,
          succeeded ? TimelineEntry.Kind.JOB_SUCCEEDED : TimelineEntry.Kind.JOB_FAILED,
          "Job " + job.name() + (succeeded ? " succeeded" : " failed"),
          fields,
          List.of(job.finishedRef()));
    }
    if (job.deleted() != null) {
      List<RecordRef> proof = new ArrayList<>(List.of(job.deletedRef()));
      String why = deletionReason(incarnation, job, proof);
      add(
          job.deleted(),
          incarnation,
          TimelineEntry.Kind.JOB_DELETED,
          "Job " + job.name() + " deleted (" + why + ")",
          Map.of("job", job.name(), "reason", why),
          proof);
    }
  }

  /**
   * A command other than a run's that the executor refused: a race the scheduler saw past, or a
   * command cronlog did not decide (docs/guarantees.md); a run's refusal is in its run line.
   */
  private void refused(Incarnation incarnation, CommandFacts command) {
    CommandOutcome outcome = command.finalOutcome();
    if (command.command() instanceof CreateJob
        || outcome == null
        || outcome.result() != CommandOutcome.Result.REFUSED) {
      return;
    }
    String type = command.command().getClass().getSimpleName();
    List<RecordRef> proof = new ArrayList<>(command.refs());
    proof.add(command.finalOutcomeRef());
    add(
        outcome.time(),
        incarnation,
        TimelineEntry.Kind.COMMAND_REFUSED,
        type + " " + command.id() + " refused: " + outcome.detail(),
        Map.of("command", type, "id", command.id(), "detail", outcome.detail()),
        proof);
  }

  /** Why a Job went: the DeleteJob that asked for it, or nobody cronlog knows of. */
  private static String deletionReason(
      Incarnation incarnation, JobFacts job, List<RecordRef> proof) {
    Optional<CommandFacts> command = incarnation.deleteOf(job.uid());
    if (command.isEmpty() || !(command.get().command() instanceof DeleteJob delete)) {
      return "not by cronlog";
    }
    proof.addAll(0, command.get().refs());
    if (command.get().finalOutcome() != null) {
      proof.add(command.get().finalOutcomeRef());
    }
    return delete.reason().equals("concurrencyPolicy Replace")
        ? "replaced: concurrencyPolicy Replace"
        : delete.reason();
  }

  /**
   * One line per dead letter, except those that only point at an earlier one holding the same parts
   * (a large ScheduledJob writes one at every status change): those are one line per topic, at the
   * first, with their count and the last.
   */
  private void deadLetters(List<TrailRecord> records) {
    Map<String, List<TrailRecord>> pointers = new LinkedHashMap<>();
    for (TrailRecord record : records) {
      DeadLetter letter = (DeadLetter) record.record();
      if (letter.payload() == null
          && letter.reason().contains(POINTER)
          && judgement.covers(letter.time())) {
        pointers.computeIfAbsent(letter.sourceTopic(), topic -> new ArrayList<>()).add(record);
        continue;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("sourceTopic", letter.sourceTopic());
      fields.put("reason", letter.reason());
      addAt(
          letter.time(),
          null,
          zoneOfLast(),
          TimelineEntry.Kind.DEAD_LETTER,
          "dead letter from " + letter.sourceTopic() + ": " + letter.reason(),
          fields,
          List.of(record.ref()));
    }
    pointers.forEach(
        (topic, group) -> {
          DeadLetter first = (DeadLetter) group.get(0).record();
          DeadLetter last = (DeadLetter) group.get(group.size() - 1).record();
          Map<String, Object> fields = new LinkedHashMap<>();
          fields.put("sourceTopic", topic);
          fields.put("count", group.size());
          fields.put("reason", first.reason());
          String reason = first.reason().substring(first.reason().indexOf(POINTER));
          addAt(
              first.time(),
              null,
              zoneOfLast(),
              TimelineEntry.Kind.DEAD_LETTER,
              group.size()
                  + " dead letters from "
                  + topic
                  + " up to "
                  + last.time()
                  + ": records too large, without payload: "
                  + reason,
              fields,
              group.size() == 1
                  ? List.of(group.get(0).ref())
                  : List.of(group.get(0).ref(), group.get(group.size() - 1).ref()));
        });
  }

  private void unreadable(TrailRecord record) {
    addAt(
        record.timestamp(),
        null,
        zoneOfLast(),
        TimelineEntry.Kind.UNREADABLE,
        "unreadable record: " + record.unreadable(),
        Map.of("reason", record.unreadable()),
        List.of(record.ref()));
  }

  private void add(
      Instant time,
      Incarnation incarnation,
      TimelineEntry.Kind kind,
      String text,
      Map<String, Object> fields,
      List<RecordRef> records) {
    SpecObservation spec = incarnation.specAt(time);
    if (spec == null && !incarnation.specs().isEmpty()) {
      spec = incarnation.specs().get(0);
    }
    addAt(
        time,
        incarnation.uid(),
        spec == null ? ZoneOffset.UTC : zone(spec.spec()),
        kind,
        text,
        fields,
        records);
  }

  private void addAt(
      Instant time,
      String uid,
      ZoneId zone,
      TimelineEntry.Kind kind,
      String text,
      Map<String, Object> fields,
      List<RecordRef> records) {
    if (time != null && judgement.covers(time)) {
      entries.add(new TimelineEntry(time, uid, zone, kind, text, fields, records));
    }
  }

  private ZoneId zoneOfLast() {
    List<Incarnation> incarnations = history.incarnations();
    if (incarnations.isEmpty() || incarnations.get(incarnations.size() - 1).specs().isEmpty()) {
      return ZoneOffset.UTC;
    }
    List<SpecObservation> specs = incarnations.get(incarnations.size() - 1).specs();
    return zone(specs.get(specs.size() - 1).spec());
  }

  private static ZoneId zone(SpecView spec) {
    try {
      return KubeTimes.zoneOf(spec.timeZone());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /** The spec in a few words: schedule, zone, policy and the rest that differ from the defaults. */
  static String describe(SpecView spec) {
    StringBuilder text =
        new StringBuilder(
            spec.schedule() == null ? "no schedule" : "schedule '" + spec.schedule() + "'");
    text.append(spec.timeZone() == null ? " (UTC)" : " in " + spec.timeZone());
    text.append(", ").append(spec.concurrencyPolicy());
    if (spec.suspend()) {
      text.append(", suspended");
    }
    if (spec.startingDeadlineSeconds() != null) {
      text.append(", startingDeadlineSeconds ").append(spec.startingDeadlineSeconds());
    }
    text.append(", history ")
        .append(spec.successfulJobsHistoryLimit())
        .append("/")
        .append(spec.failedJobsHistoryLimit());
    if (spec.templateDigest() != null) {
      text.append(", template ").append(spec.templateDigest());
    }
    if (spec.invalid() != null) {
      text.append("; invalid: ").append(spec.invalid());
    }
    return text.toString();
  }
}
