package io.cronlog.audit.history;

import io.cronlog.audit.read.RecordRef;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One command (by id: a command decided again is the same command) and what the executor did with
 * it, attempt by attempt. Mutable while the trail is read.
 */
public final class CommandFacts {

  final String id;
  final List<CommandRecord> copies = new ArrayList<>();
  final List<RecordRef> refs = new ArrayList<>();
  final List<CommandOutcome> outcomes = new ArrayList<>();
  final List<RecordRef> outcomeRefs = new ArrayList<>();

  CommandFacts(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * Every copy of the command read, in the order written (a redelivered decision is a second copy).
   */
  public List<CommandRecord> copies() {
    return copies;
  }

  public List<RecordRef> refs() {
    return refs;
  }

  public List<CommandOutcome> outcomes() {
    return outcomes;
  }

  public List<RecordRef> outcomeRefs() {
    return outcomeRefs;
  }

  /** The first copy read, or null when only outcomes of it were read. */
  public CommandRecord command() {
    return copies.isEmpty() ? null : copies.get(0);
  }

  /** When it was first decided; its first outcome's time when the command itself was not read. */
  public Instant time() {
    return copies.isEmpty() ? outcomes.get(0).time() : copies.get(0).time();
  }

  /** The last outcome that will not be retried, or null while the executor may still act. */
  public CommandOutcome finalOutcome() {
    for (int i = outcomes.size() - 1; i >= 0; i--) {
      if (!outcomes.get(i).willRetry()) {
        return outcomes.get(i);
      }
    }
    return null;
  }

  /** The reference of {@link #finalOutcome()}. */
  public RecordRef finalOutcomeRef() {
    for (int i = outcomes.size() - 1; i >= 0; i--) {
      if (!outcomes.get(i).willRetry()) {
        return outcomeRefs.get(i);
      }
    }
    return null;
  }

  /** Outcomes whose result is {@code result}. */
  public long count(CommandOutcome.Result result) {
    return outcomes.stream().filter(o -> o.result() == result).count();
  }
}
