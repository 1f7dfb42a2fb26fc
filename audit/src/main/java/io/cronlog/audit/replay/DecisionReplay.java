package io.cronlog.audit.replay;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.records.Change;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.DecisionBasis;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.state.EventFold;
import io.cronlog.records.state.ScheduledJobAggregate;
import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.decide.DecisionInputs;
import io.cronlog.scheduler.decide.Situation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the scheduler's pure decision core again on the recorded inputs of each recorded decision
 * and compares: for one partition, the commands are taken first (grouped by the decision that made
 * them), then the events are folded into states in order, and each decision is replayed when the
 * state it was made on appears. The inputs are proven the same by their digest before a command is
 * compared; a command the replay does not make, or makes differently, is a finding. Not thread
 * safe.
 */
public final class DecisionReplay {

  /**
   * The Warning the watcher commands for a record too large for Kafka: no scheduler decision made
   * it.
   */
  private static final String WATCHER_WARNING = "RecordTooLarge";

  private final Judgement judgement;
  private final Decider decider = new Decider();
  private final RecordCodec codec = new RecordCodec();
  private final EventFold fold = new EventFold();

  /** Decisions waiting for their state, by the state's id. */
  private final Map<String, List<RecordedDecision>> waiting = new HashMap<>();

  /** ScheduledJob uids whose ADDED the events showed: their history is whole from creation. */
  private final Set<String> seenFromCreation = new HashSet<>();

  private final List<Finding> findings = new ArrayList<>();
  private int replayed;
  private int beforeTrail;

  /**
   * The commands of one decision as recorded: all carry the same basis. Every distinct copy is kept
   * (records compare by content), a command written again under the same id with other content too,
   * since the executor acts on each.
   */
  private record RecordedDecision(
      ScheduledJobKey key, DecisionBasis basis, Map<CommandRecord, RecordRef> copies) {}

  public DecisionReplay(Judgement judgement) {
    this.judgement = judgement;
  }

  /**
   * Takes a record of {@code cronlog.commands}; only those decided within the span judged are
   * checked.
   */
  public void command(TrailRecord record) {
    if (!record.readable()
        || !(record.record() instanceof CommandRecord command)
        || !judgement.covers(command.time())) {
      return;
    }
    ScheduledJobKey key = ScheduledJobKey.parse(record.key());
    DecisionBasis basis = command.decision();
    if (basis == null) {
      if (!(command instanceof RecordEvent event && WATCHER_WARNING.equals(event.reason()))) {
        findings.add(
            new Finding(
                Finding.Kind.NOT_DECIDED,
                key,
                command.target().uid(),
                command.time(),
                command.getClass().getSimpleName()
                    + " "
                    + command.id()
                    + " records no decision: it was written by "
                    + "cronlog before 0.2, or not by the scheduler",
                List.of(record.ref())));
      }
      return;
    }
    List<RecordedDecision> decisions =
        waiting.computeIfAbsent(
            basis.stateId() == null ? "" : basis.stateId(), id -> new ArrayList<>());
    RecordedDecision decision =
        decisions.stream()
            .filter(d -> d.basis().equals(basis))
            .findFirst()
            .orElseGet(
                () -> {
                  RecordedDecision made = new RecordedDecision(key, basis, new LinkedHashMap<>());
                  decisions.add(made);
                  return made;
                });
    decision.copies().putIfAbsent(command, record.ref());
  }

  /** Takes the next record of {@code cronlog.events} of the partition, in its order. */
  public void event(TrailRecord record) {
    if (!record.readable() || !(record.record() instanceof ObservationRecord event)) {
      return;
    }
    if (event instanceof ScheduledJobObserved observed && observed.change() == Change.ADDED) {
      seenFromCreation.add(observed.object().getMetadata().getUid());
    }
    Optional<ScheduledJobState> state = fold.apply(ScheduledJobKey.parse(record.key()), event);
    if (state.isEmpty()) {
      return;
    }
    String stateId = ScheduledJobAggregate.stateId(event.id());
    List<RecordedDecision> decisions = waiting.remove(stateId);
    if (decisions != null) {
      decisions.forEach(decision -> replay(decision, state.get(), record.ref()));
    }
  }

  /** The findings, once every command and event of the partition was taken. */
  public List<Finding> finish() {
    for (List<RecordedDecision> decisions : waiting.values()) {
      for (RecordedDecision decision : decisions) {
        CommandRecord any = decision.copies().keySet().iterator().next();
        if (!seenFromCreation.contains(any.target().uid())) {
          beforeTrail++;
          continue;
        }
        findings.add(
            new Finding(
                Finding.Kind.NOT_DECIDED,
                decision.key(),
                any.target().uid(),
                decision.basis().at(),
                "the state "
                    + decision.basis().stateId()
                    + " these commands say they were decided on is not in "
                    + "cronlog.events, though the ScheduledJob's whole history is",
                List.copyOf(decision.copies().values())));
      }
    }
    waiting.clear();
    return findings;
  }

  /** Decisions replayed and compared. */
  public int replayed() {
    return replayed;
  }

  /**
   * Decisions whose state lies before the trail read (older than the events kept): not replayed.
   */
  public int beforeTrail() {
    return beforeTrail;
  }

  private void replay(RecordedDecision decision, ScheduledJobState state, RecordRef stateEvent) {
    replayed++;
    DecisionBasis basis = decision.basis();
    Situation situation =
        new Situation(
            state.scheduledJob(),
            state.jobs(),
            state.scheduleSince(),
            Set.copyOf(basis.pendingRuns()),
            basis.at(),
            basis.stateId());
    List<RecordRef> proof = new ArrayList<>(decision.copies().values());
    proof.add(stateEvent);
    String digest = DecisionInputs.digest(situation);
    if (!digest.equals(basis.inputs())) {
      findings.add(
          new Finding(
              Finding.Kind.INPUTS_DIFFER,
              decision.key(),
              state.scheduledJob().getMetadata().getUid(),
              basis.at(),
              "the inputs rebuilt from cronlog.events ("
                  + digest
                  + ") are not those the decision recorded ("
                  + basis.inputs()
                  + ")",
              proof));
      return;
    }
    Map<String, CommandRecord> remade = new HashMap<>();
    decider.decide(situation).commands().forEach(command -> remade.put(command.id(), command));
    for (var copy : decision.copies().entrySet()) {
      CommandRecord recorded = copy.getKey();
      CommandRecord again = remade.get(recorded.id());
      List<RecordRef> about = List.of(copy.getValue(), stateEvent);
      if (again == null) {
        findings.add(
            new Finding(
                Finding.Kind.NOT_DECIDED,
                decision.key(),
                recorded.target().uid(),
                basis.at(),
                recorded.getClass().getSimpleName()
                    + " "
                    + recorded.id()
                    + " is not made by the decision core on the inputs it records (it makes: "
                    + String.join(
                        ", ", remade.values().stream().map(DecisionReplay::describe).toList())
                    + ")",
                about));
      } else if (!json(again).equals(json(recorded))) {
        findings.add(
            new Finding(
                Finding.Kind.DECIDED_DIFFERENTLY,
                decision.key(),
                again.target().uid(),
                basis.at(),
                "the decision core makes "
                    + recorded.id()
                    + " differently: recorded "
                    + json(recorded)
                    + ", made again "
                    + json(again),
                about));
      }
    }
  }

  private String json(CommandRecord command) {
    return new String(codec.encode(command), StandardCharsets.UTF_8);
  }

  private static String describe(CommandRecord command) {
    return command.getClass().getSimpleName() + " " + command.id();
  }
}
