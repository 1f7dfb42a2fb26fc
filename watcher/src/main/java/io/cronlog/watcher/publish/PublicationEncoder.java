package io.cronlog.watcher.publish;

import io.cronlog.records.Change;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.JobObserved;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.RecordIds;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.watcher.aggregate.Publication;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns publications into the records of one transaction: each event, then the state it leads to. A
 * record larger than its topic takes would make the broker refuse the whole transaction, so it is
 * published without its bulkiest parts (see {@link Trim}), named in its {@code omitted}, so that
 * the audit and the scheduler still see the change; the whole record goes to the dead-letter topic
 * with the reason; and a Warning Event for the ScheduledJob is commanded. When the parts left out
 * are those a committed dead letter already holds (a status update of a large ScheduledJob), the
 * dead letter points at that one instead, and no Warning repeats.
 */
public final class PublicationEncoder {

  /** The reason of the Warning Event, and the start of every such dead letter's reason. */
  public static final String TOO_LARGE = "RecordTooLarge";

  private static final Logger LOG = LoggerFactory.getLogger(PublicationEncoder.class);

  private final RecordCodec codec;
  private final Topics topics;
  private final RecordSizeLimits limits;
  private final RecordTrimmer trimmer;
  private final WholeCopies wholeCopies;

  public PublicationEncoder(RecordCodec codec, Topics topics, RecordSizeLimits limits) {
    this(codec, topics, limits, new WholeCopies());
  }

  private PublicationEncoder(
      RecordCodec codec, Topics topics, RecordSizeLimits limits, WholeCopies wholeCopies) {
    this.codec = codec;
    this.topics = topics;
    this.limits = limits;
    this.trimmer = new RecordTrimmer(codec);
    this.wholeCopies = wholeCopies;
  }

  /**
   * This encoder keeping to {@code limits}, and still pointing at the dead letters committed so
   * far.
   */
  public PublicationEncoder withLimits(RecordSizeLimits limits) {
    return new PublicationEncoder(codec, topics, limits, wholeCopies);
  }

  /** The records of one transaction; call {@link #committed()} once it committed. */
  public static final class Encoded {
    private final List<Outgoing> records;
    private final WholeCopies.Batch copies;
    private final long deadLetters;

    private Encoded(List<Outgoing> records, WholeCopies.Batch copies, String deadLetterTopic) {
      this.records = List.copyOf(records);
      this.copies = copies;
      this.deadLetters =
          records.stream().filter(record -> record.topic().equals(deadLetterTopic)).count();
    }

    public List<Outgoing> records() {
      return records;
    }

    /** How many of the records go to the dead-letter topic. */
    public long deadLetters() {
      return deadLetters;
    }

    /** The transaction committed: later batches may point at its dead letters. */
    public void committed() {
      copies.commit();
    }
  }

  /** The records publishing {@code batch} takes, in order. */
  public Encoded encode(List<Publication> batch) {
    List<Outgoing> records = new ArrayList<>(batch.size() * 2);
    WholeCopies.Batch copies = wholeCopies.batch();
    for (Publication publication : batch) {
      String key = publication.key().toString();
      List<String> refusals = new ArrayList<>(2);
      ObservationRecord event = publication.event();
      fitted(topics.events(), key, event, records, refusals, copies);
      if (publication.tombstone()) {
        records.add(new Outgoing(topics.state(), key, null));
      } else if (publication.state() != null) {
        fitted(topics.state(), key, publication.state(), records, refusals, copies);
      }
      if (event.change() == Change.DELETED) {
        copies.forget(uidOf(event));
      }
      if (!refusals.isEmpty()) {
        warning(publication, refusals).ifPresent(records::add);
      }
    }
    return new Encoded(records, copies, topics.deadLetter());
  }

  /** The limits this encoder keeps to. */
  public RecordSizeLimits limits() {
    return limits;
  }

  /**
   * Adds {@code record}, or a trimmed copy and a dead letter if {@code topic} would refuse it; adds
   * to {@code refusals} what a Warning must say, unless a committed dead letter already holds the
   * parts left out.
   */
  private void fitted(
      String topic,
      String key,
      CronlogRecord record,
      List<Outgoing> records,
      List<String> refusals,
      WholeCopies.Batch copies) {
    byte[] whole = codec.encode(record);
    Outgoing outgoing = new Outgoing(topic, key, whole);
    if (limits.fits(topic, outgoing.size())) {
      records.add(outgoing);
      return;
    }
    int limit = limits.limit(topic);
    Optional<RecordTrimmer.Trimmed> trimmed =
        trimmer.trim(record, bytes -> limits.fits(topic, new Outgoing(topic, key, bytes).size()));
    String outcome =
        trimmed
            .map(t -> "published without " + String.join(", ", t.omitted()))
            .orElse("not published: too large even without " + Trim.everyPart());
    String reason =
        TOO_LARGE
            + ": "
            + outgoing.size()
            + " bytes, over the "
            + limit
            + " that "
            + topic
            + " takes; "
            + outcome;
    String uid = uidOf(record);
    Optional<WholeCopies.Copy> held = trimmed.flatMap(t -> copies.holding(uid, t.omittedDigest()));
    if (held.isPresent()) {
      String pointer = "; the parts left out are as in dead letter " + held.get().deadLetterId();
      records.add(deadLetter(topic, key, record, null, reason + pointer));
      LOG.debug(
          "{}: {} {}: {}{}", key, record.getClass().getSimpleName(), record.id(), reason, pointer);
    } else {
      records.add(deadLetter(topic, key, record, whole, reason));
      trimmed.ifPresent(
          t ->
              copies.wrote(
                  uid,
                  new WholeCopies.Copy(
                      t.omittedDigest(), DeadLetter.unwrittenId(topic, record.id()))));
      LOG.warn("{}: {} {}: {}", key, record.getClass().getSimpleName(), record.id(), reason);
    }
    if (trimmed.isEmpty() || !copies.committedHolds(uid, trimmed.get().omittedDigest())) {
      refusals.add(topic + " (" + outgoing.size() + " bytes, limit " + limit + "): " + outcome);
    }
    trimmed.ifPresent(t -> records.add(new Outgoing(topic, key, t.bytes())));
  }

  /**
   * The dead letter of {@code record} with {@code whole} as payload (none if null), cut if the
   * dead-letter topic would refuse it whole.
   */
  private Outgoing deadLetter(
      String topic, String key, CronlogRecord record, byte[] whole, String reason) {
    return cutToFit(
        key,
        whole == null ? null : new String(whole, StandardCharsets.UTF_8),
        (payload, cut) ->
            DeadLetter.unwritten(topic, key, record.id(), reason + cut, payload, record.time()));
  }

  /**
   * {@code letter} for the dead-letter topic, its payload cut if the topic would refuse it whole.
   */
  public Outgoing deadLetter(DeadLetter letter) {
    return cutToFit(
        letter.key(),
        letter.payload(),
        (payload, cut) ->
            new DeadLetter(
                letter.schemaVersion(),
                letter.id(),
                letter.time(),
                letter.sourceTopic(),
                letter.partition(),
                letter.offset(),
                letter.key(),
                letter.reason() + cut,
                payload));
  }

  /** The dead letter {@code letter} makes of {@code payload}, cut until the topic takes it. */
  private Outgoing cutToFit(
      String key, String payload, BiFunction<String, String, DeadLetter> letter) {
    String cut = "";
    while (true) {
      Outgoing outgoing =
          new Outgoing(topics.deadLetter(), key, codec.encode(letter.apply(payload, cut)));
      int excess = outgoing.size() - limits.limit(topics.deadLetter());
      if (excess <= 0 || payload == null) {
        return outgoing;
      }
      // JSON escaping can double a character's size: cut twice the excess, and a margin, each
      // round.
      payload = payload.substring(0, Math.max(0, payload.length() - 2 * excess - 1024));
      cut = " (payload cut to its first " + payload.length() + " characters)";
    }
  }

  /**
   * The Warning Event for the ScheduledJob, as a command for the executor, which records Events.
   */
  private Optional<Outgoing> warning(Publication publication, List<String> refusals) {
    ObservationRecord event = publication.event();
    Optional<ScheduledJobRef> target = target(publication);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    String about =
        event instanceof JobObserved job
            ? "Job " + job.object().getMetadata().getName()
            : "This ScheduledJob";
    String message =
        about
            + " (resourceVersion "
            + event.resourceVersion()
            + ") is too large for "
            + String.join("; for ", refusals)
            + ". The whole record is on "
            + topics.deadLetter()
            + "; this Warning repeats only when the parts left out change.";
    RecordEvent command =
        new RecordEvent(
            CronlogRecord.SCHEMA_VERSION,
            RecordIds.of("warning", TOO_LARGE, event.id()),
            event.time(),
            target.get(),
            EventType.Warning,
            TOO_LARGE,
            message,
            null,
            event instanceof JobObserved job ? job.object().getMetadata().getName() : null,
            null);
    return Optional.of(
        new Outgoing(topics.commands(), publication.key().toString(), codec.encode(command)));
  }

  /**
   * The ScheduledJob a Warning goes on: the observed one, or the controller of the observed Job.
   */
  private static Optional<ScheduledJobRef> target(Publication publication) {
    if (publication.event() instanceof ScheduledJobObserved observed) {
      return Optional.of(ScheduledJobRef.of(observed.object()));
    }
    JobObserved job = (JobObserved) publication.event();
    return job.object().getMetadata().getOwnerReferences().stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController()))
        .map(
            owner ->
                new ScheduledJobRef(
                    publication.key().namespace(), publication.key().name(), owner.getUid()))
        .findFirst();
  }

  /** The uid of the object a record carries. */
  private static String uidOf(CronlogRecord record) {
    if (record instanceof ScheduledJobObserved o) {
      return o.object().getMetadata().getUid();
    }
    if (record instanceof JobObserved o) {
      return o.object().getMetadata().getUid();
    }
    return ((ScheduledJobState) record).scheduledJob().getMetadata().getUid();
  }
}
