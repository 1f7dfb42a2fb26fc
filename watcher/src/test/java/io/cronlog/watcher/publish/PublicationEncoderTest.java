package io.cronlog.watcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.Change;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.StateRecord;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.aggregate.Publication;
import io.cronlog.watcher.observe.Observation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicationEncoderTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Topics TOPICS = Topics.withDefaultPrefix();
  private static final int LIMIT = 20_000;
  private final RecordCodec codec = new RecordCodec();

  @Test
  void publishesAnEventThenItsStateWhenBothFit() {
    List<Outgoing> records =
        encoder(LIMIT, LIMIT).encode(added(scheduledJob("small", 100, 100))).records();

    assertThat(records)
        .extracting(Outgoing::topic)
        .containsExactly("cronlog.events", "cronlog.state");
    assertThat(records).extracting(Outgoing::key).containsOnly("team-a/small");
  }

  @Test
  void deadLettersAnOversizeObservationWholeAndPublishesItWithoutItsLastAppliedManifest()
      throws Exception {
    ScheduledJob large = scheduledJob("large", 30_000, 100);

    List<Outgoing> records = encoder(LIMIT, 1_000_000).encode(added(large)).records();

    assertThat(records)
        .extracting(Outgoing::topic)
        .containsExactly(
            "cronlog.dead-letter",
            "cronlog.events",
            "cronlog.dead-letter",
            "cronlog.state",
            "cronlog.commands");
    assertThat(records)
        .allSatisfy(
            record ->
                assertThat(record.size())
                    .isLessThanOrEqualTo(
                        record.topic().equals("cronlog.dead-letter") ? 1_000_000 : LIMIT));
    DeadLetter letter = decode(records.get(0), DeadLetter.class);
    assertThat(letter.reason())
        .startsWith("RecordTooLarge: ")
        .contains(
            "over the "
                + (LIMIT - RecordSizeLimits.OVERHEAD)
                + " that cronlog.events takes; published without metadata.annotations[kubectl.kubernetes.io/last-applied-configuration]");
    assertThat(letter.partition()).isEqualTo(DeadLetter.UNWRITTEN);
    assertThat(decode(letter.payload().getBytes(), ObservationRecord.class).omitted())
        .isEmpty(); // the whole record
    ObservationRecord event = decode(records.get(1), ObservationRecord.class);
    assertThat(event.omitted())
        .containsExactly("metadata.annotations[kubectl.kubernetes.io/last-applied-configuration]");
    ScheduledJobState state = (ScheduledJobState) decode(records.get(3), StateRecord.class);
    assertThat(state.scheduledJob().getSpec().getSchedule()).isEqualTo("* * * * *");
    assertThat(large.getMetadata().getAnnotations())
        .containsKey(Trim.LAST_APPLIED); // trimmed a copy
  }

  @Test
  void commandsAWarningEventOnTheScheduledJobSayingWhereTheWholeRecordIs() throws Exception {
    List<Outgoing> records =
        encoder(LIMIT, 1_000_000).encode(added(scheduledJob("large", 30_000, 100))).records();

    RecordEvent warning = decode(records.get(records.size() - 1), RecordEvent.class);
    assertThat(warning.eventType()).isEqualTo(RecordEvent.EventType.Warning);
    assertThat(warning.reason()).isEqualTo("RecordTooLarge");
    assertThat(warning.target().uid()).isEqualTo("uid-large");
    assertThat(warning.message())
        .startsWith("This ScheduledJob (resourceVersion 7) is too large for cronlog.events")
        .contains("for cronlog.state", "The whole record is on cronlog.dead-letter");
  }

  @Test
  void givesUpThePodTemplateLastAndOnlyWhenTheRestIsNotEnough() throws Exception {
    List<Outgoing> records =
        encoder(LIMIT, 1_000_000).encode(added(scheduledJob("large", 100, 30_000))).records();

    ObservationRecord event = decode(records.get(1), ObservationRecord.class);
    assertThat(event.omitted())
        .containsExactly(
            "metadata.annotations[kubectl.kubernetes.io/last-applied-configuration]",
            "spec.jobTemplate.spec.template");
  }

  @Test
  void publishesNoEventButADeadLetterAndAWarningWhenEvenTheTrimmedRecordIsTooLarge()
      throws Exception {
    ScheduledJob hopeless = scheduledJob("hopeless", 100, 100);
    hopeless.getMetadata().getAnnotations().put("team.example/notes", "n".repeat(30_000));

    List<Outgoing> records = encoder(LIMIT, 1_000_000).encode(added(hopeless)).records();

    assertThat(records)
        .extracting(Outgoing::topic)
        .containsExactly("cronlog.dead-letter", "cronlog.dead-letter", "cronlog.commands");
    assertThat(decode(records.get(0), DeadLetter.class).reason())
        .contains("not published: too large even without");
    assertThat(decode(records.get(2), RecordEvent.class).message()).contains("not published");
  }

  @Test
  void cutsTheDeadLettersPayloadToWhatTheDeadLetterTopicTakesAndSaysSo() throws Exception {
    List<Outgoing> records =
        encoder(LIMIT, 25_000).encode(added(scheduledJob("large", 60_000, 100))).records();

    Outgoing deadLetter = records.get(0);
    assertThat(deadLetter.size()).isLessThanOrEqualTo(25_000 - RecordSizeLimits.OVERHEAD);
    assertThat(decode(deadLetter, DeadLetter.class).reason())
        .containsPattern("payload cut to its first \\d+ characters");
  }

  @Test
  void warnsTheControllingScheduledJobOfAnOversizeJob() throws Exception {
    Aggregates aggregates = new Aggregates();
    ScheduledJob owner = scheduledJob("report", 100, 100);
    aggregates.apply(new Observation.OfScheduledJob(Change.ADDED, owner, NOW));
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName("report-1")
            .withUid("job-uid")
            .withResourceVersion("9")
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("cronlog.io/v1")
                    .withKind("ScheduledJob")
                    .withName("report")
                    .withUid("uid-report")
                    .withController(true)
                    .build())
            .withAnnotations(Map.of(Trim.LAST_APPLIED, "x".repeat(30_000)))
            .endMetadata()
            .build();

    List<Outgoing> records =
        encoder(LIMIT, 1_000_000)
            .encode(aggregates.apply(new Observation.OfJob(Change.ADDED, job, "report", NOW)))
            .records();

    assertThat(records)
        .extracting(Outgoing::topic)
        .containsExactly(
            "cronlog.dead-letter", "cronlog.events", "cronlog.state", "cronlog.commands");
    RecordEvent warning = decode(records.get(3), RecordEvent.class);
    assertThat(warning.target().uid()).isEqualTo("uid-report");
    assertThat(warning.message())
        .startsWith("Job report-1 (resourceVersion 9) is too large for cronlog.events");
  }

  @Test
  void aStateTrimmedOfWhatItsEventWasPointsAtTheEventsDeadLetterInsteadOfCopyingItAgain()
      throws Exception {
    List<Outgoing> records =
        encoder(LIMIT, 1_000_000).encode(added(scheduledJob("large", 30_000, 100))).records();

    DeadLetter ofEvent = decode(records.get(0), DeadLetter.class);
    DeadLetter ofState = decode(records.get(2), DeadLetter.class);
    assertThat(ofEvent.payload()).isNotNull();
    assertThat(ofState.payload()).isNull();
    assertThat(ofState.reason())
        .endsWith("the parts left out are as in dead letter " + ofEvent.id());
  }

  @Test
  void aLaterChangeLeavingOutTheSamePartsPointsAtTheCommittedDeadLetterAndWarnsNoMore()
      throws Exception {
    PublicationEncoder encoder = encoder(LIMIT, 1_000_000);
    Aggregates aggregates = new Aggregates();
    ScheduledJob large = scheduledJob("large", 30_000, 100);
    PublicationEncoder.Encoded first =
        encoder.encode(aggregates.apply(new Observation.OfScheduledJob(Change.ADDED, large, NOW)));
    first.committed();
    String wholeCopy = decode(first.records().get(0), DeadLetter.class).id();

    List<Outgoing> statusUpdate =
        encoder
            .encode(
                aggregates.apply(
                    new Observation.OfScheduledJob(Change.MODIFIED, withVersion(large, "8"), NOW)))
            .records();

    assertThat(statusUpdate)
        .extracting(Outgoing::topic)
        .containsExactly(
            "cronlog.dead-letter", "cronlog.events", "cronlog.dead-letter", "cronlog.state");
    assertThat(decode(statusUpdate.get(0), DeadLetter.class).payload()).isNull();
    assertThat(decode(statusUpdate.get(0), DeadLetter.class).reason())
        .endsWith("as in dead letter " + wholeCopy);
  }

  @Test
  void copiesWholeAgainWhenTheFirstCopyNeverCommitted() throws Exception {
    PublicationEncoder encoder = encoder(LIMIT, 1_000_000);
    Aggregates aggregates = new Aggregates();
    ScheduledJob large = scheduledJob("large", 30_000, 100);
    encoder.encode(
        aggregates.apply(
            new Observation.OfScheduledJob(Change.ADDED, large, NOW))); // its transaction failed

    List<Outgoing> next =
        encoder
            .encode(
                aggregates.apply(
                    new Observation.OfScheduledJob(Change.MODIFIED, withVersion(large, "8"), NOW)))
            .records();

    assertThat(decode(next.get(0), DeadLetter.class).payload()).contains("mmmm");
    assertThat(next).extracting(Outgoing::topic).endsWith("cronlog.commands");
  }

  @Test
  void copiesWholeAndWarnsAgainWhenThePartsLeftOutChange() throws Exception {
    PublicationEncoder encoder = encoder(LIMIT, 1_000_000);
    Aggregates aggregates = new Aggregates();
    ScheduledJob large = scheduledJob("large", 30_000, 100);
    encoder
        .encode(aggregates.apply(new Observation.OfScheduledJob(Change.ADDED, large, NOW)))
        .committed();
    ScheduledJob reapplied = withVersion(large, "8");
    reapplied.getMetadata().getAnnotations().put(Trim.LAST_APPLIED, "changed".repeat(5_000));

    List<Outgoing> next =
        encoder
            .encode(
                aggregates.apply(new Observation.OfScheduledJob(Change.MODIFIED, reapplied, NOW)))
            .records();

    assertThat(decode(next.get(0), DeadLetter.class).payload()).contains("changedchanged");
    assertThat(next).extracting(Outgoing::topic).endsWith("cronlog.commands");
  }

  @Test
  void encodesTheSamePublicationsToTheSameBytesSoARetryRepeatsItsIds() {
    List<Publication> batch = added(scheduledJob("large", 30_000, 100));
    PublicationEncoder encoder = encoder(LIMIT, 1_000_000);

    assertThat(encoder.encode(batch).records())
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(encoder.encode(batch).records());
  }

  @Test
  void encodesBelowALimitLearntFromARefusal() {
    PublicationEncoder encoder = encoder(1_000_000, 1_000_000);
    List<Publication> batch = added(scheduledJob("large", 30_000, 100));
    int wholeEventSize = encoder.encode(batch).records().get(0).size();

    encoder.limits().lowerBelow("cronlog.events", wholeEventSize);

    assertThat(encoder.encode(batch).records())
        .extracting(Outgoing::topic)
        .startsWith("cronlog.dead-letter", "cronlog.events");
  }

  private PublicationEncoder encoder(int maxMessageBytes, int deadLetterMaxMessageBytes) {
    return new PublicationEncoder(
        codec,
        TOPICS,
        RecordSizeLimits.of(
            Map.of(
                "cronlog.events",
                maxMessageBytes,
                "cronlog.state",
                maxMessageBytes,
                "cronlog.commands",
                maxMessageBytes,
                "cronlog.dead-letter",
                deadLetterMaxMessageBytes)));
  }

  /** A copy of {@code sj} at another resourceVersion, as a status update makes it. */
  private ScheduledJob withVersion(ScheduledJob sj, String resourceVersion)
      throws MalformedRecordException {
    ScheduledJobObserved copy =
        (ScheduledJobObserved)
            codec.decode(
                codec.encode(
                    new ScheduledJobObserved(1, "copy", NOW, Change.MODIFIED, resourceVersion, sj)),
                ObservationRecord.class);
    copy.object().getMetadata().setResourceVersion(resourceVersion);
    return copy.object();
  }

  private static List<Publication> added(ScheduledJob sj) {
    return new Aggregates().apply(new Observation.OfScheduledJob(Change.ADDED, sj, NOW));
  }

  private <T extends CronlogRecord> T decode(Outgoing record, Class<T> type)
      throws MalformedRecordException {
    return decode(record.value(), type);
  }

  private <T extends CronlogRecord> T decode(byte[] bytes, Class<T> type)
      throws MalformedRecordException {
    return codec.decode(bytes, type);
  }

  /** A ScheduledJob with a last-applied manifest and a pod template of about the sizes given. */
  private static ScheduledJob scheduledJob(
      String name, int lastAppliedBytes, int podTemplateBytes) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(name)
            .withUid("uid-" + name)
            .withResourceVersion("7")
            .withAnnotations(new HashMap<>(Map.of(Trim.LAST_APPLIED, "m".repeat(lastAppliedBytes))))
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("* * * * *");
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .addToArgs("a".repeat(podTemplateBytes))
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    sj.setSpec(spec);
    return sj;
  }
}
