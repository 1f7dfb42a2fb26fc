package io.cronlog.audit.replay;

import static io.cronlog.audit.sim.ScriptedHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.audit.sim.Script;
import io.cronlog.audit.sim.ScriptedHistory;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DecisionBasis;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.OutcomeRecord;
import io.cronlog.records.RunReason;
import io.cronlog.records.codec.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionReplayTest {

  private static final Judgement JUDGEMENT =
      Judgement.of(null, ScriptedHistory.END, ScriptedHistory.END, Duration.ofSeconds(10));

  @Test
  void everyDecisionOfTheScriptedHistoryReplaysExactly() {
    SimulatedCronlog cronlog = ScriptedHistory.write(Script.topics());

    DecisionReplay replay = replay(cronlog.trail());

    assertThat(replay.finish()).isEmpty();
    assertThat(replay.replayed()).isGreaterThan(100);
    assertThat(replay.beforeTrail()).isZero();
  }

  @Test
  void forgedCommandsAreFoundWhateverTheyCopy() {
    SimulatedCronlog cronlog = ScriptedHistory.write(Script.topics());
    CreateJob real =
        cronlog.trail().stream()
            .map(SimulatedCronlog.Written::record)
            .filter(
                r ->
                    r instanceof CreateJob c
                        && c.target().name().equals("downtime")
                        && c.scheduledTime().equals(at("10:30:00")))
            .map(CreateJob.class::cast)
            .findFirst()
            .orElseThrow();
    DecisionBasis copied = real.decision();
    CreateJob noBasis =
        CreateJob.forRun(real.target(), at("10:32:00"), RunReason.SCHEDULED, null, at("10:32:00"));
    CreateJob copiedBasis =
        CreateJob.forRun(real.target(), at("10:31:00"), RunReason.SCHEDULED, null, copied.at())
            .withDecision(copied);
    CreateJob tampered =
        new CreateJob(
            real.schemaVersion(),
            real.id(),
            real.time(),
            real.target(),
            real.scheduledTime(),
            null,
            RunReason.CATCH_UP,
            real.supersedesAfter(),
            real.decision());
    CreateJob wrongInputs =
        CreateJob.forRun(
                real.target(),
                real.scheduledTime(),
                real.reason(),
                real.supersedesAfter(),
                real.time())
            .withDecision(
                new DecisionBasis(
                    copied.at(), copied.stateId(), copied.pendingRuns(), "sha256:00"));
    List<SimulatedCronlog.Written> trail = new ArrayList<>(cronlog.trail());
    for (CommandRecord forged : List.of(noBasis, copiedBasis, tampered, wrongInputs)) {
      trail.add(
          new SimulatedCronlog.Written(Script.topics().commands(), "team-a/downtime", forged));
    }

    List<Finding> findings = replay(trail).finish();

    assertThat(findings)
        .extracting(f -> f.kind().text() + " " + f.message().substring(0, 20))
        .containsExactlyInAnyOrder(
            "not-decided CreateJob " + noBasis.id().substring(0, 10),
            "not-decided CreateJob " + copiedBasis.id().substring(0, 10),
            "decided-differently the decision core ma",
            "inputs-differ the inputs rebuilt f");
  }

  /** Commands first, then events, in the order of the trail, as the audit reads one partition. */
  private static DecisionReplay replay(List<SimulatedCronlog.Written> trail) {
    DecisionReplay replay = new DecisionReplay(JUDGEMENT);
    RecordCodec codec = new RecordCodec();
    List<TrailRecord> records = new ArrayList<>();
    long offset = 0;
    for (SimulatedCronlog.Written written : trail) {
      if (written.topic().equals(Script.topics().state())) {
        continue;
      }
      RecordRef ref =
          new RecordRef(
              written.topic(),
              0,
              offset++,
              written.record().id(),
              written.record().getClass().getSimpleName());
      records.add(
          new TrailRecord(
              ref, written.record().time(), written.key(), roundTrip(codec, written), null));
    }
    records.stream()
        .filter(r -> r.ref().topic().equals(Script.topics().commands()))
        .forEach(replay::command);
    records.stream()
        .filter(r -> r.ref().topic().equals(Script.topics().events()))
        .forEach(replay::event);
    return replay;
  }

  private static CronlogRecord roundTrip(RecordCodec codec, SimulatedCronlog.Written written) {
    try {
      Class<? extends CronlogRecord> type =
          written.record() instanceof CommandRecord
              ? CommandRecord.class
              : written.record() instanceof ObservationRecord
                  ? ObservationRecord.class
                  : OutcomeRecord.class;
      return codec.decode(codec.encode(written.record()), type);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
