package io.cronlog.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.RecordEvent.EventType;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.codec.UnsupportedSchemaVersionException;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RecordCodecTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:30:00.123Z");
  private static final ScheduledJobRef REF = new ScheduledJobRef("team-a", "report", "uid-1");

  private static final DecisionBasis BASIS =
      new DecisionBasis(
          NOW, "state-id", List.of(Instant.parse("2026-11-27T10:25:00Z")), "sha256:00ff");

  private static final RecordCodec CODEC = new RecordCodec();

  @Test
  void roundTripsEveryCommand() throws MalformedRecordException {
    List<CommandRecord> commands =
        List.of(
            CreateJob.forRun(
                    REF,
                    Instant.parse("2026-11-27T10:30:00Z"),
                    RunReason.CATCH_UP,
                    Instant.parse("2026-11-27T10:10:00Z"),
                    NOW)
                .withDecision(BASIS),
            CreateJob.forManualRun(REF, "v1", NOW, NOW),
            DeleteJob.of(REF, "report-29929590", "job-uid", "history limit", NOW)
                .withDecision(BASIS),
            new UpdateStatus(
                1,
                "u",
                NOW,
                REF,
                List.of("job-uid"),
                NOW,
                null,
                NOW.plusSeconds(60),
                false,
                3L,
                List.of(
                    new ConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .withReason("Scheduled")
                        .build()),
                BASIS),
            RecordEvent.of(
                REF,
                EventType.Warning,
                "UnparseableSchedule",
                "minute: 61 is above the maximum 59",
                "g1",
                NOW),
            RecordEvent.of(REF, EventType.Warning, "MissSchedule", "missed", "t", NOW)
                .aboutScheduledTime(Instant.parse("2026-11-27T10:25:00Z"))
                .withDecision(BASIS),
            RecordEvent.of(REF, EventType.Normal, "SawCompletedJob", "done", "job-uid", NOW)
                .aboutJob("report-29929590"));

    for (CommandRecord command : commands) {
      assertThat(CODEC.decode(CODEC.encode(command), CommandRecord.class)).isEqualTo(command);
    }
  }

  @Test
  void roundTripsObservationsAndStateWithTheirKubernetesObjects() throws MalformedRecordException {
    ScheduledJob scheduledJob = scheduledJob();
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("report-29929590")
            .withUid("job-uid")
            .endMetadata()
            .build();
    List<ObservationRecord> events =
        List.of(
            new ScheduledJobObserved(1, "a", NOW, Change.ADDED, "7", scheduledJob),
            new JobObserved(1, "b", NOW, Change.DELETED, "9", "report", job));
    ScheduledJobState state =
        new ScheduledJobState(
            1,
            "s",
            NOW,
            scheduledJob,
            List.of(
                new JobSummary(
                    "report-29929590", "job-uid", "9", NOW, NOW, NOW, null, JobPhase.ACTIVE)),
            NOW);

    for (ObservationRecord event : events) {
      assertThat(CODEC.decode(CODEC.encode(event), ObservationRecord.class)).isEqualTo(event);
    }
    ScheduledJobState decoded =
        (ScheduledJobState) CODEC.decode(CODEC.encode(state), StateRecord.class);
    assertThat(decoded.jobs()).isEqualTo(state.jobs());
    assertThat(decoded.scheduleSince()).isEqualTo(NOW);
    assertThat(decoded.scheduledJob().getSpec()).isEqualTo(scheduledJob.getSpec());
    assertThat(decoded.key()).isEqualTo(new ScheduledJobKey("team-a", "report"));
  }

  @Test
  void aCodecWithoutJobTemplatesKeepsOnlyThatATemplateWasThere() throws MalformedRecordException {
    ScheduledJob withTemplate = scheduledJob();
    withTemplate
        .getSpec()
        .setJobTemplate(
            new JobTemplateSpecBuilder()
                .withNewMetadata()
                .addToLabels("team", "a")
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(2)
                .endSpec()
                .build());
    withTemplate.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    RecordCodec lean = RecordCodec.withoutJobTemplates();

    ScheduledJob read = leanRoundTrip(lean, withTemplate);
    ScheduledJob readWithout = leanRoundTrip(lean, scheduledJob());

    assertThat(read.getSpec().getJobTemplate()).isEqualTo(new JobTemplateSpec());
    assertThat(read.getSpec().getConcurrencyPolicy()).isEqualTo(ConcurrencyPolicy.Forbid);
    assertThat(read.getSpec().getSchedule()).isEqualTo("*/5 * * * *");
    assertThat(readWithout.getSpec().getJobTemplate()).isNull();
    assertThat(lean.encode(stateOf(withTemplate))).isEqualTo(CODEC.encode(stateOf(withTemplate)));
  }

  private static ScheduledJob leanRoundTrip(RecordCodec lean, ScheduledJob scheduledJob)
      throws MalformedRecordException {
    return ((ScheduledJobState) lean.decode(CODEC.encode(stateOf(scheduledJob)), StateRecord.class))
        .scheduledJob();
  }

  private static ScheduledJobState stateOf(ScheduledJob scheduledJob) {
    return new ScheduledJobState(1, "s", NOW, scheduledJob, List.of(), NOW);
  }

  @Test
  void keepsWhatWasOmittedFromAnOversizeObservationAndReadsOlderRecordsAsWhole()
      throws MalformedRecordException {
    var reduced =
        new ScheduledJobObserved(
            1, "a", NOW, Change.MODIFIED, "7", scheduledJob(), List.of("metadata.managedFields"));
    var whole = new ScheduledJobObserved(1, "a", NOW, Change.MODIFIED, "7", scheduledJob());

    assertThat(CODEC.decode(CODEC.encode(reduced), ObservationRecord.class).omitted())
        .containsExactly("metadata.managedFields");
    String withoutTheField =
        new String(CODEC.encode(whole), StandardCharsets.UTF_8).replace(",\"omitted\":[]", "");
    assertThat(withoutTheField).doesNotContain("omitted");
    assertThat(
            CODEC
                .decode(withoutTheField.getBytes(StandardCharsets.UTF_8), ObservationRecord.class)
                .omitted())
        .isEmpty();
  }

  @Test
  void writesTheTypeTheSchemaVersionAndTheTimeAsText() {
    String json =
        new String(CODEC.encode(DeleteJob.of(REF, "j", "u", "why", NOW)), StandardCharsets.UTF_8);

    assertThat(json)
        .contains(
            "\"type\":\"DeleteJob\"",
            "\"schemaVersion\":1",
            "\"time\":\"2026-11-27T10:30:00.123Z\"");
  }

  @Test
  void readsEveryFormOfInstantAsJacksonReadsItAndRefusesWhatItRefuses()
      throws MalformedRecordException {
    JsonMapper jacksons = JsonMapper.builder().build();
    String json =
        new String(CODEC.encode(DeleteJob.of(REF, "j", "u", "why", NOW)), StandardCharsets.UTF_8);
    for (String time :
        List.of(
            "\"2026-11-27T10:30:00Z\"",
            "\"2026-11-27T10:30:00.1Z\"",
            "\"2026-11-27T10:30:00.123456789Z\"",
            "\"2026-11-27T11:30:00.5+01:00\"",
            "\"2026-11-27T10:30:00.Z\"",
            "1764239400.25",
            "\"1764239400\"")) {
      byte[] record =
          json.replace("\"2026-11-27T10:30:00.123Z\"", time).getBytes(StandardCharsets.UTF_8);

      assertThat(((DeleteJob) CODEC.decode(record, CommandRecord.class)).time())
          .as(time)
          .isEqualTo(jacksons.readValue(time, Instant.class));
    }
    for (String time : List.of("\"2026-02-30T10:30:00Z\"", "\"2026-11-27T10:30:00.5a\"")) {
      byte[] record =
          json.replace("\"2026-11-27T10:30:00.123Z\"", time).getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(() -> jacksons.readValue(time, Instant.class)).as(time);
      assertThatThrownBy(() -> CODEC.decode(record, CommandRecord.class))
          .as(time)
          .isInstanceOf(MalformedRecordException.class);
    }
  }

  @Test
  void refusesARecordOfANewerSchemaVersionNamingBoth() {
    byte[] newer =
        "{\"type\":\"DeleteJob\",\"schemaVersion\":2,\"id\":\"x\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CODEC.decode(newer, CommandRecord.class))
        .isInstanceOf(UnsupportedSchemaVersionException.class)
        .hasMessage("schemaVersion 2 is not supported; this build reads schemaVersion 1");
  }

  @Test
  void refusesGarbageWithAReason() {
    assertThatThrownBy(
            () -> CODEC.decode("{not json".getBytes(StandardCharsets.UTF_8), CommandRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(
            () ->
                CODEC.decode(
                    "{\"schemaVersion\":1,\"type\":\"Nuke\"}".getBytes(StandardCharsets.UTF_8),
                    CommandRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("Nuke");
    assertThatThrownBy(
            () ->
                CODEC.decode(
                    "{\"type\":\"DeleteJob\"}".getBytes(StandardCharsets.UTF_8),
                    CommandRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("schemaVersion");
    assertThatThrownBy(
            () ->
                CODEC.decode(
                    "{\"schemaVersion\":1,\"type\":\"DeleteJob\",\"id\":\"x\",\"time\":\"2026-11-27T10:30:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8),
                    CommandRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("target");
  }

  @Test
  void readsTheSchemaVersionWhereverAWriterPutIt() throws MalformedRecordException {
    String last =
        "{\"type\":\"DeleteJob\",\"id\":\"x\",\"time\":\"2026-11-27T10:30:00Z\","
            + "\"target\":{\"namespace\":\"team-a\",\"name\":\"report\",\"uid\":\"uid-1\"},"
            + "\"jobName\":\"j\",\"jobUid\":\"u\",\"reason\":\"why\",\"schemaVersion\":1}";

    DeleteJob decoded =
        (DeleteJob) CODEC.decode(last.getBytes(StandardCharsets.UTF_8), CommandRecord.class);

    assertThat(decoded.target()).isEqualTo(REF);
  }

  @Test
  void refusesWhatIsNotAnObjectOrHasNoIntegerSchemaVersion() {
    for (String text :
        List.of(
            "[1]",
            "\"text\"",
            "null",
            "",
            "{\"schemaVersion\":\"1\"}",
            "{\"schemaVersion\":1.0}",
            "{\"schemaVersion\":12345678901234}",
            "{\"a\":{\"schemaVersion\":1}}")) {
      assertThatThrownBy(
              () -> CODEC.decode(text.getBytes(StandardCharsets.UTF_8), CommandRecord.class))
          .as(text)
          .isInstanceOf(MalformedRecordException.class)
          .isNotInstanceOf(UnsupportedSchemaVersionException.class)
          .message()
          .isIn("not a JSON object", "schemaVersion is missing or not an integer");
    }
  }

  @Test
  void refusesJsonBrokenAfterItsSchemaVersionAsNotJson() {
    byte[] truncated =
        "{\"type\":\"DeleteJob\",\"schemaVersion\":1,\"id\":\"x".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CODEC.decode(truncated, CommandRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageStartingWith("not JSON");
  }

  @Test
  void givesTheSameRunTheSameCommandIdWhoeverDecidesIt() {
    Instant t = Instant.parse("2026-11-27T10:30:00Z");

    assertThat(run(REF, t, NOW).id())
        .isEqualTo(run(REF, t, NOW.plusSeconds(5)).withDecision(BASIS).id())
        .isNotEqualTo(run(REF, t.plusSeconds(60), NOW).id())
        .isNotEqualTo(run(new ScheduledJobRef("team-a", "report", "uid-2"), t, NOW).id());
  }

  @Test
  void readsCommandsAndOutcomesWrittenBeforeReasonsHadAVocabularyAndJobsTheirOwnFields()
      throws MalformedRecordException {
    String scheduled =
        "{\"type\":\"CreateJob\",\"schemaVersion\":1,\"id\":\"c1\",\"time\":\"2026-11-27T10:30:00Z\","
            + "\"target\":{\"namespace\":\"team-a\",\"name\":\"report\",\"uid\":\"uid-1\"},"
            + "\"scheduledTime\":\"2026-11-27T10:30:00Z\",\"manualTrigger\":null,\"reason\":\"scheduled\"}";
    String manual =
        scheduled.replace(
            "\"manualTrigger\":null,\"reason\":\"scheduled\"",
            "\"manualTrigger\":\"v1\",\"reason\":\"manual trigger v1\"");
    String outcome =
        "{\"type\":\"CommandOutcome\",\"schemaVersion\":1,\"id\":\"o1\",\"time\":\"2026-11-27T10:30:01Z\","
            + "\"commandId\":\"c1\",\"commandType\":\"CreateJob\",\"target\":{\"namespace\":\"team-a\","
            + "\"name\":\"report\",\"uid\":\"uid-1\"},\"result\":\"CREATED\",\"detail\":\"created Job report-1\","
            + "\"willRetry\":false}";

    CreateJob old =
        (CreateJob) CODEC.decode(scheduled.getBytes(StandardCharsets.UTF_8), CommandRecord.class);
    CreateJob oldManual =
        (CreateJob) CODEC.decode(manual.getBytes(StandardCharsets.UTF_8), CommandRecord.class);
    CommandOutcome oldOutcome =
        (CommandOutcome)
            CODEC.decode(outcome.getBytes(StandardCharsets.UTF_8), OutcomeRecord.class);

    assertThat(old.reason()).isEqualTo(RunReason.SCHEDULED);
    assertThat(old.supersedesAfter()).isNull();
    assertThat(old.decision()).isNull();
    assertThat(oldManual.reason()).isEqualTo(RunReason.MANUAL);
    assertThat(oldOutcome.jobName()).isNull();
    assertThat(oldOutcome.result()).isEqualTo(CommandOutcome.Result.CREATED);
  }

  @Test
  void writesRunReasonsFromTheirVocabularyAndRefusesOthers() {
    String json = new String(CODEC.encode(run(REF, NOW, NOW)), StandardCharsets.UTF_8);
    byte[] unknown =
        json.replace("\"reason\":\"scheduled\"", "\"reason\":\"because\"")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(json).contains("\"reason\":\"scheduled\"");
    assertThatThrownBy(() -> CODEC.decode(unknown, CommandRecord.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("'because' is not a run reason");
  }

  @Test
  void aRunIsManualExactlyWhenItHasATrigger() {
    assertThatThrownBy(
            () -> new CreateJob(1, "c", NOW, REF, NOW, null, RunReason.MANUAL, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new CreateJob(1, "c", NOW, REF, NOW, "v1", RunReason.SCHEDULED, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static CreateJob run(ScheduledJobRef ref, Instant t, Instant now) {
    return CreateJob.forRun(ref, t, RunReason.SCHEDULED, null, now);
  }

  private static ScheduledJob scheduledJob() {
    ScheduledJob job = new ScheduledJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName("report")
            .withUid("uid-1")
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("*/5 * * * *");
    job.setSpec(spec);
    return job;
  }
}
