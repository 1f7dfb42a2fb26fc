package io.cronlog.audit.history;

import io.cronlog.audit.read.RecordRef;
import io.cronlog.records.RecordEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One ScheduledJob object (one uid) under its key, from the trail: its spec over time, its Jobs,
 * the runs commanded for it and what became of each command. A key whose ScheduledJob was deleted
 * and created again has one incarnation per object. Mutable while the trail is read.
 */
public final class Incarnation {

  final String uid;

  /** metadata.creationTimestamp, from the first observation read. */
  Instant created;

  /** When the first observation the trail holds was made: nothing before it can be judged. */
  Instant firstObserved;

  /** Whether that first observation was the object's ADDED: then its whole life is in the trail. */
  boolean seenFromCreation;

  Instant deleted;
  RecordRef deletedRef;

  /** The time of the latest record read about this object. */
  Instant lastRecord;

  final List<SpecObservation> specs = new ArrayList<>();
  final Map<String, JobFacts> jobs = new LinkedHashMap<>();

  /** Scheduled runs by scheduled time: the commands that asked for each (usually one id). */
  final Map<Instant, List<CommandFacts>> scheduledRuns = new TreeMap<>();

  /** Manual runs by trigger value. */
  final Map<String, List<CommandFacts>> manualRuns = new LinkedHashMap<>();

  final List<TimeDecision> timeDecisions = new ArrayList<>();
  final Map<String, CommandFacts> commands = new LinkedHashMap<>();

  /** The DeleteJob commands, by the uid of the Job each deletes. */
  final Map<String, CommandFacts> deletes = new LinkedHashMap<>();

  /** The Kubernetes Events decided for it, with where each was read. */
  final List<RecordedEvent> events = new ArrayList<>();

  /** An Event command as read. */
  public record RecordedEvent(RecordEvent event, RecordRef ref) {}

  Incarnation(String uid) {
    this.uid = uid;
  }

  public String uid() {
    return uid;
  }

  public Instant created() {
    return created;
  }

  public Instant firstObserved() {
    return firstObserved;
  }

  public boolean seenFromCreation() {
    return seenFromCreation;
  }

  public Instant deleted() {
    return deleted;
  }

  public RecordRef deletedRef() {
    return deletedRef;
  }

  public Instant lastRecord() {
    return lastRecord;
  }

  /** Notes a record about this object made at {@code time}. */
  void seen(Instant time) {
    if (lastRecord == null || time.isAfter(lastRecord)) {
      lastRecord = time;
    }
  }

  /** The spec as first observed, then each observation that changed it, in order. */
  public List<SpecObservation> specs() {
    return specs;
  }

  public Map<String, JobFacts> jobs() {
    return jobs;
  }

  public Map<Instant, List<CommandFacts>> scheduledRuns() {
    return scheduledRuns;
  }

  public Map<String, List<CommandFacts>> manualRuns() {
    return manualRuns;
  }

  public List<TimeDecision> timeDecisions() {
    return timeDecisions;
  }

  /** Every command for this object, by id, in the order first read. */
  public Map<String, CommandFacts> commands() {
    return commands;
  }

  /** The DeleteJob that asked for the Job with {@code jobUid} to go, if one was read. */
  public Optional<CommandFacts> deleteOf(String jobUid) {
    return Optional.ofNullable(deletes.get(jobUid));
  }

  public List<RecordedEvent> events() {
    return events;
  }

  /** The spec in effect at {@code t}: the last observation at or before it, else null. */
  public SpecObservation specAt(Instant t) {
    SpecObservation found = null;
    for (SpecObservation spec : specs) {
      if (spec.time().isAfter(t)) {
        break;
      }
      found = spec;
    }
    return found;
  }
}
