package io.cronlog.audit;

import static io.cronlog.audit.sim.ScriptedHistory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.audit.render.html.HtmlReport;
import io.cronlog.audit.sim.ScriptedHistory;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.audit.sim.TrailWriter;
import io.cronlog.audit.snapshot.Snapshot;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scripted history on a real broker, read back through Kafka as {@code cronlog audit} reads it.
 */
@ExtendWith(KafkaExtension.class)
class AuditIT {

  private static final Duration SKEW = Duration.ofSeconds(10);
  private static final Judgement WHOLE =
      Judgement.of(null, ScriptedHistory.END, ScriptedHistory.END, SKEW);
  private static final ScheduledJobKey DOWNTIME = new ScheduledJobKey("team-a", "downtime");

  @Test
  void theScriptedHistoryVerifiesToExactlyItsTwoFindingsAndItsDecisionsReplay(KafkaFixture kafka)
      throws Exception {
    Topics topics = written(kafka);
    try (TrailReader reader = new TrailReader(kafka.clientProperties(), topics)) {
      List<Finding> findings = new ArrayList<>();
      VerifySummary summary =
          new Audit(reader, topics)
              .verify(new Audit.Query(List.of(), null, null), WHOLE, true, findings::add);

      assertThat(findings)
          .extracting(f -> f.kind().text() + " " + f.key() + " " + f.time())
          .containsExactlyInAnyOrder(
              "late team-a/downtime 2026-11-27T11:00:00Z",
              "unexplained team-a/handmade 2026-11-27T10:22:00Z");
      assertThat(findings)
          .allSatisfy(
              f ->
                  assertThat(f.proof())
                      .isNotEmpty()
                      .allSatisfy(ref -> assertThat(ref.topic()).startsWith(kafka.topicPrefix())));
      assertThat(summary.scheduledJobs()).isEqualTo(8);
      assertThat(summary.decisionsReplayed()).isGreaterThan(100);
      assertThat(summary.decisionsBeforeTrail()).isZero();
    }
  }

  @Test
  void aWindowOfOneScheduledJobIsReadByTimeAndJudgedWithTheSpecInEffectBeforeIt(KafkaFixture kafka)
      throws Exception {
    Topics topics = written(kafka);
    Judgement window = Judgement.of(at("10:52:00"), at("11:05:00"), ScriptedHistory.END, SKEW);
    try (TrailReader reader = new TrailReader(kafka.clientProperties(), topics)) {
      Audit audit = new Audit(reader, topics);
      Map<ScheduledJobKey, List<TimelineEntry>> timelines = new LinkedHashMap<>();
      audit.timelines(
          new Audit.Query(List.of(DOWNTIME), at("10:52:00"), at("11:05:00")),
          window,
          timelines::put);
      List<Finding> findings = new ArrayList<>();
      VerifySummary summary =
          audit.verify(
              new Audit.Query(List.of(DOWNTIME), at("10:52:00"), at("11:05:00")),
              window,
              false,
              findings::add);

      assertThat(timelines.keySet()).containsExactly(DOWNTIME);
      assertThat(timelines.get(DOWNTIME))
          .extracting(TimelineEntry::text)
          .filteredOn(text -> text.startsWith("run"))
          .containsExactly(
              "run 2026-11-27T10:55:00Z: superseded: nothing was decided for it; the first decision after it, at "
                  + "2026-11-27T11:03:01Z, started the run for 2026-11-27T11:00:00Z",
              "run 2026-11-27T11:00:00Z: Job downtime-29929620 created, +3m01s (catch-up)",
              "run 2026-11-27T11:05:00Z: Job downtime-29929625 created, +0.0s (scheduled)");
      assertThat(summary.runsJudged()).isEqualTo(3);
      assertThat(findings).extracting(Finding::kind).containsExactly(Finding.Kind.LATE);
    }
  }

  @Test
  void aQuietScheduledJobWithNoEventInTheWindowIsStillJudged(KafkaFixture kafka) throws Exception {
    Topics topics = written(kafka);
    // The edits ScheduledJob runs at :41 (Asia/Kolkata, ':11'); nothing of it happens between 10:42
    // and 11:10.
    Judgement window = Judgement.of(at("10:42:00"), at("11:10:00"), ScriptedHistory.END, SKEW);
    try (TrailReader reader = new TrailReader(kafka.clientProperties(), topics)) {
      Map<ScheduledJobKey, List<TimelineEntry>> timelines = new LinkedHashMap<>();
      new Audit(reader, topics)
          .timelines(
              new Audit.Query(List.of(), at("10:42:00"), at("11:10:00")), window, timelines::put);

      assertThat(timelines).containsKey(new ScheduledJobKey("team-a", "edits"));
      assertThat(timelines.get(new ScheduledJobKey("team-a", "edits"))).isEmpty();
    }
  }

  @Test
  void aScheduledJobAtAnInstantIsItsSpecStatusAndJobsThen(KafkaFixture kafka) throws Exception {
    Topics topics = written(kafka);
    try (TrailReader reader = new TrailReader(kafka.clientProperties(), topics)) {
      Audit audit = new Audit(reader, topics);
      Snapshot suspended = audit.at(new ScheduledJobKey("team-a", "pause"), at("10:10:00"));
      Snapshot gone = audit.at(new ScheduledJobKey("team-a", "recreated"), at("10:24:00"));
      Snapshot before = audit.at(new ScheduledJobKey("team-a", "pause"), at("09:00:00"));

      assertThat(suspended.state().scheduledJob().getSpec().getSuspend()).isTrue();
      assertThat(suspended.state().scheduledJob().getStatus().getLastScheduleTime())
          .isEqualTo("2026-11-27T10:05:00Z");
      assertThat(suspended.state().jobs())
          .extracting(job -> job.name())
          .containsExactly("pause-29929565");
      assertThat(gone.state()).isNull();
      assertThat(gone.deletedAt()).isEqualTo(at("10:22:30"));
      assertThat(before.state()).isNull();
      assertThat(before.deletedAt()).isNull();
    }
  }

  @Test
  void theHtmlReportHoldsEveryRunOfTheHistory(KafkaFixture kafka) throws Exception {
    Topics topics = written(kafka);
    try (TrailReader reader = new TrailReader(kafka.clientProperties(), topics)) {
      Map<ScheduledJobKey, List<TimelineEntry>> timelines = new LinkedHashMap<>();
      new Audit(reader, topics)
          .timelines(new Audit.Query(List.of(), null, null), WHOLE, timelines::put);
      StringWriter page = new StringWriter();
      new HtmlReport("scripted history", null, ScriptedHistory.END, SKEW)
          .write(page, timelines, Map.of());

      long runs =
          timelines.values().stream()
              .flatMap(List::stream)
              .filter(
                  e ->
                      e.kind() == TimelineEntry.Kind.RUN
                          || e.kind() == TimelineEntry.Kind.MANUAL_RUN)
              .count();
      Matcher marks = Pattern.compile("data-fate=\"([a-z-]+)\"").matcher(page.toString());
      List<String> fates = new ArrayList<>();
      while (marks.find()) {
        fates.add(marks.group(1));
      }
      assertThat(runs).isEqualTo(62);
      assertThat(fates).hasSize((int) runs).contains("superseded", "missed-deadline", "created");
      assertThat(page.toString()).doesNotContain("http://", "https://");
    }
  }

  @Test
  void recordsDeletedByRetentionAreNotTakenForMissingOnesTheSpanIsJudgedWhereTheTrailIsWhole(
      KafkaFixture kafka) throws Exception {
    Topics topics = written(kafka);
    ScheduledJobKey redelivered = new ScheduledJobKey("team-a", "redelivered");
    try (TrailReader reader = new TrailReader(kafka.clientProperties(), topics);
        Admin admin = kafka.admin()) {
      // As retention would: the commands of the first half hour of the partition are gone.
      int partition = reader.partitionsOf(List.of(redelivered)).get(0);
      var tp = new TopicPartition(topics.commands(), partition);
      long cut;
      try (var consumer =
          new KafkaConsumer<String, byte[]>(
              Map.of(
                  "bootstrap.servers",
                  kafka.bootstrapServers(),
                  "key.deserializer",
                  StringDeserializer.class,
                  "value.deserializer",
                  ByteArrayDeserializer.class))) {
        cut = consumer.offsetsForTimes(Map.of(tp, at("10:30:00").toEpochMilli())).get(tp).offset();
      }
      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(cut))).all().get();
      List<Finding> findings = new ArrayList<>();
      VerifySummary summary =
          new Audit(reader, topics)
              .verify(
                  new Audit.Query(List.of(redelivered), null, null), WHOLE, false, findings::add);

      assertThat(findings).isEmpty();
      assertThat(summary.trailCutAt()).isAfterOrEqualTo(at("10:30:00")).isBefore(at("10:31:00"));
      assertThat(summary.runsJudged()).isEqualTo(5);
    }
  }

  /** The scripted history, written to this test's topics; awaits every record being readable. */
  private static Topics written(KafkaFixture kafka) throws Exception {
    Topics topics = new Topics(kafka.topicPrefix());
    SimulatedCronlog cronlog = ScriptedHistory.write(topics);
    TrailWriter.createTopics(kafka.clientProperties(), topics, 3);
    TrailWriter.write(kafka.clientProperties(), topics, cronlog.trail());
    long outcomes =
        cronlog.trail().stream().filter(w -> w.topic().equals(topics.outcomes())).count();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kafka.readAllValues(topics.outcomes()).size() == outcomes);
    return topics;
  }
}
