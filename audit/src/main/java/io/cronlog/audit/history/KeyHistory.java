package io.cronlog.audit.history;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.records.Change;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobObserved;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.state.JobSummaries;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the trail says about one key ({@code namespace/name}), reduced as it is read to what
 * an audit needs: one {@link Incarnation} per ScheduledJob object that had the name, the dead
 * letters written under the key, and the records that could not be read. Records may be added in
 * any order of topics; each topic's own order is kept. Not thread safe.
 */
public final class KeyHistory {

  private static final String TEMPLATE_PATH = "spec.jobTemplate.spec.template";

  /** Events about the scheduled time they name: the Kubernetes controller's decisions about it. */
  private static final Set<String> TIME_EVENTS =
      Set.of("JobAlreadyActive", "MissSchedule", "TooManyMissedTimes");

  private final ScheduledJobKey key;
  private final Map<String, Incarnation> incarnations = new LinkedHashMap<>();
  private final List<TrailRecord> deadLetters = new ArrayList<>();
  private final List<TrailRecord> unreadable = new ArrayList<>();

  /** Outcome ids seen: a redelivered attempt repeats its outcome, which says nothing new. */
  private final Set<String> outcomeIds = new HashSet<>();

  public KeyHistory(ScheduledJobKey key) {
    this.key = key;
  }

  public ScheduledJobKey key() {
    return key;
  }

  /** The ScheduledJob objects that had this name, in the order the trail first shows each. */
  public List<Incarnation> incarnations() {
    return List.copyOf(incarnations.values());
  }

  public List<TrailRecord> deadLetters() {
    return deadLetters;
  }

  public List<TrailRecord> unreadable() {
    return unreadable;
  }

  /** Takes one record read under this key. */
  public void add(TrailRecord record) {
    if (!record.readable()) {
      unreadable.add(record);
      return;
    }
    if (record.record() instanceof ScheduledJobObserved observed) {
      scheduledJob(observed, record.ref());
    } else if (record.record() instanceof JobObserved observed) {
      job(observed, record.ref());
    } else if (record.record() instanceof CommandRecord command) {
      command(command, record.ref());
    } else if (record.record() instanceof CommandOutcome outcome) {
      outcome(outcome, record.ref());
    } else if (record.record() instanceof DeadLetter) {
      deadLetters.add(record);
    } else {
      unreadable.add(
          new TrailRecord(
              record.ref(),
              record.timestamp(),
              record.key(),
              null,
              "a "
                  + record.record().getClass().getSimpleName()
                  + " does not belong on "
                  + record.ref().topic()));
    }
  }

  /**
   * Takes the last observation of this key made before the span read, once the span's records are
   * in: it tells the spec in effect when the span began, however long ago it was observed. A
   * deletion tells nothing to judge.
   */
  public void addPrior(TrailRecord record) {
    if (!record.readable()
        || !(record.record() instanceof ScheduledJobObserved observed)
        || observed.change() == Change.DELETED) {
      return;
    }
    ScheduledJob object = observed.object();
    String uid = object.getMetadata().getUid();
    if (!incarnations.containsKey(uid)) {
      // Quiet in the span: the earliest object of the key, so it goes first.
      Map<String, Incarnation> reordered = new LinkedHashMap<>();
      reordered.put(uid, new Incarnation(uid));
      reordered.putAll(incarnations);
      incarnations.clear();
      incarnations.putAll(reordered);
    }
    Incarnation incarnation = incarnations.get(uid);
    incarnation.seen(observed.time());
    incarnation.firstObserved = observed.time();
    incarnation.seenFromCreation = observed.change() == Change.ADDED;
    incarnation.created = KubeTimes.parseOrNull(object.getMetadata().getCreationTimestamp());
    SpecView spec = SpecView.of(object, observed.omitted().contains(TEMPLATE_PATH));
    Long generation = object.getMetadata().getGeneration();
    // Kept even when the span's first observation shows the same spec: it says since when it was
    // known.
    incarnation.specs.add(
        0,
        new SpecObservation(
            observed.time(), record.ref(), generation == null ? 0 : generation, spec));
  }

  private void scheduledJob(ScheduledJobObserved observed, RecordRef ref) {
    ScheduledJob object = observed.object();
    Incarnation incarnation = incarnation(object.getMetadata().getUid());
    incarnation.seen(observed.time());
    if (incarnation.firstObserved == null) {
      incarnation.firstObserved = observed.time();
      incarnation.seenFromCreation = observed.change() == Change.ADDED;
      incarnation.created = KubeTimes.parseOrNull(object.getMetadata().getCreationTimestamp());
    }
    if (observed.change() == Change.DELETED) {
      incarnation.deleted = observed.time();
      incarnation.deletedRef = ref;
      return;
    }
    SpecObservation last =
        incarnation.specs.isEmpty() ? null : incarnation.specs.get(incarnation.specs.size() - 1);
    Long generation = object.getMetadata().getGeneration();
    long observedGeneration = generation == null ? 0 : generation;
    // Nearly every observation is a status update: the spec, template included, is the last one's
    // when the generation did not move, and the template need not be encoded and hashed again.
    boolean sameSpec =
        last != null
            && generation != null
            && last.generation() == observedGeneration
            && !(object.getMetadata().getDeletionTimestamp() != null && !last.spec().deleting());
    SpecView spec =
        sameSpec
            ? last.spec()
            : SpecView.of(object, observed.omitted().contains(TEMPLATE_PATH))
                .withTemplateOf(last == null ? null : last.spec());
    if (last == null || !last.spec().equals(spec)) {
      incarnation.specs.add(new SpecObservation(observed.time(), ref, observedGeneration, spec));
    }
  }

  private void job(JobObserved observed, RecordRef ref) {
    Job object = observed.object();
    String uid = object.getMetadata().getUid();
    JobFacts facts = jobFacts(uid);
    JobSummary summary = observed.change() == Change.DELETED ? null : JobSummaries.of(object);
    if (facts == null) {
      if (summary == null) {
        summary = JobSummaries.of(object);
      }
      String controller =
          object.getMetadata().getOwnerReferences() == null
              ? null
              : object.getMetadata().getOwnerReferences().stream()
                  .filter(o -> Boolean.TRUE.equals(o.getController()))
                  .map(o -> o.getUid())
                  .findFirst()
                  .orElse(null);
      String trigger =
          object.getMetadata().getAnnotations() == null
              ? null
              : object.getMetadata().getAnnotations().get(Runs.TRIGGER_ANNOTATION);
      if (controller == null) {
        // A Job that vanished while no watcher looked is published DELETED with its last known name
        // alone; when the trail read does not show it before, there is nothing to tell of it.
        return;
      }
      facts =
          new JobFacts(
              uid, object.getMetadata().getName(), controller, summary.scheduledTime(), trigger);
      facts.created = summary.creationTime();
      facts.firstSeen = ref;
      incarnation(controller).jobs.put(uid, facts);
    }
    incarnation(facts.controllerUid).seen(observed.time());
    if (observed.change() == Change.DELETED) {
      facts.deleted = observed.time();
      facts.deletedRef = ref;
      return;
    }
    if (summary.startTime() != null) {
      facts.started = summary.startTime();
    }
    if (summary.finished() && facts.phase == JobPhase.ACTIVE) {
      facts.phase = summary.phase();
      facts.finished =
          summary.completionTime() != null ? summary.completionTime() : observed.time();
      facts.finishedRef = ref;
    }
  }

  private void command(CommandRecord command, RecordRef ref) {
    Incarnation incarnation = incarnation(command.target().uid());
    incarnation.seen(command.time());
    CommandFacts facts = incarnation.commands.computeIfAbsent(command.id(), CommandFacts::new);
    boolean first = facts.copies.isEmpty();
    facts.copies.add(command);
    facts.refs.add(ref);
    if (command instanceof CreateJob create) {
      if (first) {
        if (create.manual()) {
          incarnation
              .manualRuns
              .computeIfAbsent(create.manualTrigger(), t -> new ArrayList<>())
              .add(facts);
        } else {
          incarnation
              .scheduledRuns
              .computeIfAbsent(create.scheduledTime(), t -> new ArrayList<>())
              .add(facts);
        }
      }
      if (!create.manual()) {
        incarnation.timeDecisions.add(
            new TimeDecision(
                create.time(), create.scheduledTime(), "CreateJob", create.supersedesAfter(), ref));
      }
    } else if (command instanceof DeleteJob delete && first) {
      incarnation.deletes.put(delete.jobUid(), facts);
    } else if (command instanceof RecordEvent event) {
      incarnation.events.add(new Incarnation.RecordedEvent(event, ref));
      if (event.scheduledTime() != null && TIME_EVENTS.contains(event.reason())) {
        incarnation.timeDecisions.add(
            new TimeDecision(event.time(), event.scheduledTime(), event.reason(), null, ref));
      }
    }
  }

  private void outcome(CommandOutcome outcome, RecordRef ref) {
    if (!outcomeIds.add(outcome.id())) {
      return;
    }
    Incarnation incarnation = incarnation(outcome.target().uid());
    incarnation.seen(outcome.time());
    CommandFacts facts =
        incarnation.commands.computeIfAbsent(outcome.commandId(), CommandFacts::new);
    facts.outcomes.add(outcome);
    facts.outcomeRefs.add(ref);
  }

  private JobFacts jobFacts(String uid) {
    for (Incarnation incarnation : incarnations.values()) {
      JobFacts facts = incarnation.jobs.get(uid);
      if (facts != null) {
        return facts;
      }
    }
    return null;
  }

  private Incarnation incarnation(String uid) {
    return incarnations.computeIfAbsent(uid, Incarnation::new);
  }
}
