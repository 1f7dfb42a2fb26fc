package io.cronlog.watcher.publish;

import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.EventRecord;
import io.cronlog.records.JobObserved;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.RecordIds;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.topics.Topics;
import io.cronlog.watcher.aggregate.Publication;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns publications into the records of one transaction: each event, then the state it leads
 * to. A record larger than its topic takes would make the broker refuse the whole transaction, so
 * that one goes whole to the dead-letter topic with the reason; in its place goes the same record
 * without its bulkiest parts (see {@link Trim}), named in its {@code omitted}, so that the audit
 * and the scheduler still see the change; and a Warning Event for the ScheduledJob is commanded.
 * Encoding the same publications under the same limits gives the same records, ids included.
 */
public final class PublicationEncoder {

  /** The reason of the Warning Event, and the start of every such dead letter's reason. */
  public static final String TOO_LARGE = "RecordTooLarge";
  private static final Logger LOG = LoggerFactory.getLogger(PublicationEncoder.class);

  private final RecordCodec codec;
  private final Topics topics;
  private final RecordSizeLimits limits;
  private final RecordTrimmer trimmer;

  public PublicationEncoder(RecordCodec codec, Topics topics, RecordSizeLimits limits) {
    this.codec = codec;
    this.topics = topics;
    this.limits = limits;
    this.trimmer = new RecordTrimmer(codec);
  }

  /** The records publishing {@code batch} takes, in order. */
  public List<Outgoing> encode(List<Publication> batch) {
    List<Outgoing> records = new ArrayList<>(batch.size() * 2);
    for (Publication publication : batch) {
      String key = publication.key().toString();
      List<String> refusals = new ArrayList<>(2);
      EventRecord event = publication.event();
      fitted(topics.events(), key, event, records, refusals);
      if (publication.tombstone()) {
        records.add(new Outgoing(topics.state(), key, null));
      } else if (publication.state() != null) {
        fitted(topics.state(), key, publication.state(), records, refusals);
      }
      if (!refusals.isEmpty()) {
        warning(publication, refusals).ifPresent(records::add);
      }
    }
    return records;
  }

  /** The limits this encoder keeps to. */
  public RecordSizeLimits limits() {
    return limits;
  }

  /** Adds {@code record}, or its dead letter and a trimmed copy if {@code topic} would refuse it. */
  private void fitted(String topic, String key, CronlogRecord record, List<Outgoing> records,
      List<String> refusals) {
    byte[] whole = codec.encode(record);
    Outgoing outgoing = new Outgoing(topic, key, whole);
    if (limits.fits(topic, outgoing.size())) {
      records.add(outgoing);
      return;
    }
    int limit = limits.limit(topic);
    Optional<RecordTrimmer.Trimmed> trimmed = trimmer.trim(record, bytes -> limits.fits(topic,
        new Outgoing(topic, key, bytes).size()));
    String outcome = trimmed.map(t -> "published without " + String.join(", ", t.omitted()))
        .orElse("not published: too large even without " + Trim.everyPart());
    String reason = TOO_LARGE + ": " + outgoing.size() + " bytes, over the " + limit + " that " + topic
        + " takes; " + outcome;
    LOG.warn("{}: {} {}: {}", key, record.getClass().getSimpleName(), record.id(), reason);
    records.add(deadLetter(topic, key, record, whole, reason));
    trimmed.ifPresent(t -> records.add(new Outgoing(topic, key, t.bytes())));
    refusals.add(topic + " (" + outgoing.size() + " bytes, limit " + limit + "): " + outcome);
  }

  /** The dead letter of {@code record}, its payload cut if the dead-letter topic would refuse it whole. */
  private Outgoing deadLetter(String topic, String key, CronlogRecord record, byte[] whole, String reason) {
    String payload = new String(whole, StandardCharsets.UTF_8);
    String cut = "";
    while (true) {
      DeadLetter letter = DeadLetter.unwritten(topic, key, record.id(), reason + cut, payload, record.time());
      Outgoing outgoing = new Outgoing(topics.deadLetter(), key, codec.encode(letter));
      int excess = outgoing.size() - limits.limit(topics.deadLetter());
      if (excess <= 0) {
        return outgoing;
      }
      // JSON escaping can double a character's size: cut twice the excess, and a margin, each round.
      payload = payload.substring(0, Math.max(0, payload.length() - 2 * excess - 1024));
      cut = " (payload cut to its first " + payload.length() + " characters)";
    }
  }

  /** The Warning Event for the ScheduledJob, as a command for the executor, which records Events. */
  private Optional<Outgoing> warning(Publication publication, List<String> refusals) {
    EventRecord event = publication.event();
    Optional<ScheduledJobRef> target = target(publication);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    String about = event instanceof JobObserved job ? "Job " + job.object().getMetadata().getName() : "this ScheduledJob";
    String message = "cronlog could not publish the " + event.change() + " of " + about + " at resourceVersion "
        + event.resourceVersion() + " whole to " + String.join("; to ", refusals)
        + ". The whole record is on " + topics.deadLetter() + ".";
    RecordEvent command = new RecordEvent(CronlogRecord.SCHEMA_VERSION, RecordIds.of("warning", TOO_LARGE, event.id()),
        event.time(), target.get(), EventType.Warning, TOO_LARGE, message);
    return Optional.of(new Outgoing(topics.commands(), publication.key().toString(), codec.encode(command)));
  }

  /** The ScheduledJob a Warning goes on: the observed one, or the controller of the observed Job. */
  private static Optional<ScheduledJobRef> target(Publication publication) {
    if (publication.event() instanceof ScheduledJobObserved observed) {
      return Optional.of(ScheduledJobRef.of(observed.object()));
    }
    JobObserved job = (JobObserved) publication.event();
    return job.object().getMetadata().getOwnerReferences().stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController()))
        .map(owner -> new ScheduledJobRef(publication.key().namespace(), publication.key().name(), owner.getUid()))
        .findFirst();
  }
}
