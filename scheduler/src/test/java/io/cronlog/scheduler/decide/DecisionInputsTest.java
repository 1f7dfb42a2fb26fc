package io.cronlog.scheduler.decide;

import static io.cronlog.scheduler.decide.Fixtures.at;
import static io.cronlog.scheduler.decide.Fixtures.job;
import static io.cronlog.scheduler.decide.Fixtures.scheduledJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.Change;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.codec.RecordCodec;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionInputsTest {

  private static final JobSummary EARLIER = job("2026-11-27T10:00:00Z", JobPhase.SUCCEEDED);
  private static final JobSummary LATER = job("2026-11-27T10:05:00Z", JobPhase.ACTIVE);

  @Test
  void theSameInputsReadFromAnotherCopyOfTheRecordHaveTheSameDigest() throws Exception {
    ScheduledJob sj = withStatus();
    RecordCodec codec = new RecordCodec();
    ScheduledJob copy =
        codec.decode(
                    codec.encode(
                        new ScheduledJobObserved(
                            1, "e", at("2026-11-27T10:10:00Z"), Change.MODIFIED, "7", sj)),
                    ObservationRecord.class)
                instanceof ScheduledJobObserved o
            ? o.object()
            : null;

    assertThat(DecisionInputs.digest(situation(copy, List.of(LATER, EARLIER))))
        .isEqualTo(DecisionInputs.digest(situation(sj, List.of(EARLIER, LATER))))
        .startsWith("sha256:");
  }

  @Test
  void whatNoDecisionReadsDoesNotChangeTheDigest() {
    ScheduledJob trimmed = withStatus();
    ScheduledJob whole = withStatus();
    whole
        .getSpec()
        .setJobTemplate(
            new JobTemplateSpecBuilder().withNewSpec().withParallelism(3).endSpec().build());
    whole
        .getMetadata()
        .setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").build()));
    whole
        .getMetadata()
        .setAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}"));
    whole.getMetadata().setResourceVersion("99");

    assertThat(DecisionInputs.digest(situation(whole, List.of(EARLIER))))
        .isEqualTo(DecisionInputs.digest(situation(trimmed, List.of(EARLIER))));
  }

  @Test
  void everyInputADecisionReadsChangesTheDigest() {
    String base = DecisionInputs.digest(situation(withStatus(), List.of(EARLIER)));
    ScheduledJob suspended = withStatus();
    suspended.getSpec().setSuspend(true);
    ScheduledJob triggered = withStatus();
    triggered.getMetadata().setAnnotations(Map.of("cronlog.io/trigger", "now"));
    ScheduledJob ran = withStatus();
    ran.getStatus().setLastScheduleTime("2026-11-27T10:10:00Z");
    Situation pending =
        new Situation(
            withStatus(),
            List.of(EARLIER),
            null,
            Set.of(at("2026-11-27T10:10:00Z")),
            at("2026-11-27T10:10:01Z"));
    Situation later =
        new Situation(withStatus(), List.of(EARLIER), null, Set.of(), at("2026-11-27T10:10:02Z"));
    Situation edited =
        new Situation(
            withStatus(),
            List.of(EARLIER),
            at("2026-11-27T10:08:00Z"),
            Set.of(),
            at("2026-11-27T10:10:01Z"));

    assertThat(
            List.of(
                DecisionInputs.digest(situation(suspended, List.of(EARLIER))),
                DecisionInputs.digest(situation(triggered, List.of(EARLIER))),
                DecisionInputs.digest(situation(ran, List.of(EARLIER))),
                DecisionInputs.digest(situation(withStatus(), List.of(EARLIER, LATER))),
                DecisionInputs.digest(pending),
                DecisionInputs.digest(later),
                DecisionInputs.digest(edited)))
        .doesNotHaveDuplicates()
        .doesNotContain(base);
  }

  private static ScheduledJob withStatus() {
    ScheduledJob sj = scheduledJob("*/5 * * * *", "2026-11-27T09:00:00Z");
    sj.getStatus().setLastScheduleTime("2026-11-27T10:05:00Z");
    return sj;
  }

  private static Situation situation(ScheduledJob sj, List<JobSummary> jobs) {
    return new Situation(sj, jobs, null, Set.of(), at("2026-11-27T10:10:01Z"), "state-1");
  }
}
