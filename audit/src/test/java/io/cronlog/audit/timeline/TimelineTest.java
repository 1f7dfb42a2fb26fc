package io.cronlog.audit.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.sim.Script;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

  private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aScheduledJobRecreatedInTheSecondOfItsDeletionIsShownDeletedThenCreated() {
    // creationTimestamp is cut to the second: the new object says 10:03:00, the old one's deletion
    // was observed at 10:03:00.400, and the name cannot have been held twice.
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), START);
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    cronlog.create("team-a", "again", spec -> spec.setSchedule("*/5 * * * *"));
    script.runUntil(START.plusMillis(180_400));
    cronlog.delete("team-a", "again");
    cronlog.at(START.plusMillis(180_700));
    cronlog.create("team-a", "again", spec -> spec.setSchedule("*/10 * * * *"));
    script.runUntil(START.plusSeconds(660));

    KeyHistory history =
        Script.histories(cronlog.trail()).get(new ScheduledJobKey("team-a", "again"));
    Instant end = START.plusSeconds(660);
    List<String> lines =
        Timeline.of(history, Judgement.of(null, end, end, Duration.ofSeconds(10))).stream()
            .map(TimelineEntry::text)
            .filter(text -> text.startsWith("created") || text.startsWith("deleted"))
            .toList();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("created (uid uid-again-1)");
    assertThat(lines.get(1)).isEqualTo("deleted (uid uid-again-1)");
    assertThat(lines.get(2)).startsWith("created (uid uid-again-2)");
  }

  @Test
  void aRefusedCommandOtherThanARunIsALineWithItsReasonAndProof() {
    SimulatedCronlog cronlog = new SimulatedCronlog(Script.topics(), START);
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    ScheduledJobRef ref =
        ScheduledJobRef.of(cronlog.create("team-a", "gone", spec -> spec.setSchedule("0 * * * *")));
    script.runUntil(START.plusSeconds(60));
    cronlog.delete("team-a", "gone");
    cronlog.at(START.plusSeconds(70));
    cronlog.publishCommand(
        new UpdateStatus(
            CronlogRecord.SCHEMA_VERSION,
            "late-status",
            START.plusSeconds(70),
            ref,
            List.of(),
            START.plusSeconds(65),
            null,
            null,
            false,
            null,
            List.of(),
            null));
    cronlog.execute();

    KeyHistory history =
        Script.histories(cronlog.trail()).get(new ScheduledJobKey("team-a", "gone"));
    Instant end = START.plusSeconds(120);
    List<TimelineEntry> refused =
        Timeline.of(history, Judgement.of(null, end, end, Duration.ofSeconds(10))).stream()
            .filter(entry -> entry.kind() == TimelineEntry.Kind.COMMAND_REFUSED)
            .toList();

    assertThat(refused)
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.text())
                  .isEqualTo("UpdateStatus late-status refused: ScheduledJob no longer exists");
              assertThat(entry.records())
                  .extracting(RecordRef::topic)
                  .containsExactly(Script.topics().commands(), Script.topics().outcomes());
            });
  }
}
