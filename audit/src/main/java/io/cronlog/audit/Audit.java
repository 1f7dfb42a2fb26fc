package io.cronlog.audit;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.Verifier;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.audit.replay.DecisionReplay;
import io.cronlog.audit.snapshot.Snapshot;
import io.cronlog.audit.snapshot.SnapshotBuilder;
import io.cronlog.audit.timeline.Timeline;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the trail back and answers an auditor: the timeline of each ScheduledJob, the findings of a
 * verification, a ScheduledJob as it was at an instant. One partition number at a time, since all
 * of one ScheduledJob's records share it, so memory follows one partition's records in the span,
 * not the whole trail.
 */
public final class Audit {

  /**
   * How long after the span the outcomes of its commands are still read: an executor that was down,
   * or a backlog, carries a command out long after it was written, and its outcome says what became
   * of the run. A command carried out later still is judged "commanded, never carried out".
   */
  public static final Duration OUTCOMES_AFTER_SPAN = Duration.ofHours(1);

  private final TrailReader reader;
  private final Topics topics;
  private final PriorObservations prior;

  /** The ScheduledJobs asked for (none: all of them) and the span asked for (null: unbounded). */
  public record Query(List<ScheduledJobKey> keys, Instant since, Instant until) {
    public Query {
      keys = List.copyOf(keys);
    }

    Set<String> keyNames() {
      return keys.stream().map(ScheduledJobKey::toString).collect(Collectors.toSet());
    }
  }

  public Audit(TrailReader reader, Topics topics) {
    this.reader = reader;
    this.topics = topics;
    this.prior = new PriorObservations(reader, topics);
  }

  /** The timeline of each ScheduledJob in the query, in key order within each partition. */
  public void timelines(
      Query query, Judgement judgement, BiConsumer<ScheduledJobKey, List<TimelineEntry>> sink) {
    histories(
        query,
        judgement,
        (history, judged) -> sink.accept(history.key(), Timeline.of(history, judged)),
        finding -> {});
  }

  /**
   * Verifies every ScheduledJob in the query, giving each finding to {@code sink}; with {@code
   * decisions}, also replays each recorded decision. Returns the counts.
   */
  public VerifySummary verify(
      Query query, Judgement judgement, boolean decisions, Consumer<Finding> sink) {
    VerifySummary summary = new VerifySummary(judgement.from());
    Consumer<Finding> counted =
        finding -> {
          summary.found(finding);
          sink.accept(finding);
        };
    histories(
        query,
        judgement,
        (history, judged) -> {
          summary.judgedFrom(judged.from());
          Verifier.KeyVerification result = new Verifier(judged).verify(history);
          summary.scheduledJob(
              history.key(),
              result.runsJudged(),
              result.runsRan(),
              result.runsOnTime(),
              result.runsNotRunByTheRules());
          result.findings().forEach(counted);
        },
        counted);
    if (decisions) {
      for (int partition : reader.partitionsOf(query.keys())) {
        DecisionReplay replay = new DecisionReplay(judgement);
        reader.read(
            topics.commands(),
            partition,
            query.since(),
            query.until(),
            query.keyNames(),
            replay::command);
        reader.read(
            topics.events(), partition, null, query.until(), query.keyNames(), replay::event);
        replay.finish().forEach(counted);
        summary.decisions(replay.replayed(), replay.beforeTrail());
      }
    }
    return summary;
  }

  /** {@code key} as cronlog knew it at {@code at}, rebuilt from the events up to then. */
  public Snapshot at(ScheduledJobKey key, Instant at) {
    SnapshotBuilder builder = new SnapshotBuilder(key, at);
    int partition = reader.partitionsOf(List.of(key)).get(0);
    reader.read(topics.events(), partition, null, at, Set.of(key.toString()), builder::event);
    return builder.snapshot();
  }

  /**
   * Reads each partition of the query and gives each key's history to {@code sink}, with the
   * judgement narrowed to where the partition's trail is whole; a record whose key is not a
   * ScheduledJob's (and so belongs to no history) goes to {@code keyless} as a finding.
   */
  private void histories(
      Query query,
      Judgement judgement,
      BiConsumer<KeyHistory, Judgement> sink,
      Consumer<Finding> keyless) {
    Set<String> keys = query.keyNames();
    // Dead letters by the partition their key has on the keyed topics, to join that key's history.
    Map<Integer, List<TrailRecord>> deadLetters = new HashMap<>();
    reader.readDeadLetters(
        query.since(),
        query.until(),
        keys,
        record -> {
          ScheduledJobKey key = keyOf(record);
          if (key == null) {
            keyless.accept(unreadableKey(record));
          } else {
            deadLetters
                .computeIfAbsent(reader.partitionsOf(List.of(key)).get(0), p -> new ArrayList<>())
                .add(record);
          }
        });
    for (int partition : reader.partitionsOf(query.keys())) {
      Map<String, KeyHistory> byKey = new TreeMap<>();
      Consumer<TrailRecord> add =
          record -> {
            ScheduledJobKey key = keyOf(record);
            if (key == null) {
              keyless.accept(unreadableKey(record));
              return;
            }
            byKey.computeIfAbsent(key.toString(), k -> new KeyHistory(key)).add(record);
          };
      // Each event is reduced as it is read: a partition's decoded objects are never all held at
      // once.
      reader.read(topics.events(), partition, query.since(), query.until(), keys, add);
      if (query.since() != null) {
        Set<String> interest = new TreeSet<>(keys.isEmpty() ? prior.keysIn(partition) : keys);
        interest.addAll(byKey.keySet());
        for (TrailRecord before : prior.before(partition, query.since(), interest)) {
          ScheduledJobKey key = keyOf(before);
          byKey.computeIfAbsent(key.toString(), k -> new KeyHistory(key)).addPrior(before);
        }
      }
      reader.read(topics.commands(), partition, query.since(), query.until(), keys, add);
      reader.read(
          topics.outcomes(),
          partition,
          query.since(),
          query.until() == null ? null : query.until().plus(OUTCOMES_AFTER_SPAN),
          keys,
          add);
      deadLetters.getOrDefault(partition, List.of()).forEach(add);
      Instant kept = keptSince(partition);
      Judgement judged =
          judgement.notBefore(
              kept != null && kept.isAfter(judgement.until()) ? judgement.until() : kept);
      byKey.values().forEach(history -> sink.accept(history, judged));
    }
  }

  /**
   * The latest time from which every keyed topic of {@code partition} keeps all its records, if
   * retention cut any.
   */
  private Instant keptSince(int partition) {
    return Stream.of(topics.events(), topics.commands(), topics.outcomes())
        .map(topic -> reader.keptSince(topic, partition))
        .flatMap(Optional::stream)
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  private static ScheduledJobKey keyOf(TrailRecord record) {
    try {
      return ScheduledJobKey.parse(record.key());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Finding unreadableKey(TrailRecord record) {
    return new Finding(
        Finding.Kind.UNREADABLE,
        null,
        null,
        record.timestamp(),
        "a record on "
            + record.ref().topic()
            + " has the key '"
            + record.key()
            + "', which is no ScheduledJob's"
            + (record.readable() ? "" : ", and could not be read: " + record.unreadable()),
        List.of(record.ref()));
  }
}
