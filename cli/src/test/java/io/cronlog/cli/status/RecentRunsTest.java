package io.cronlog.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.Runs;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ScheduledJobRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRunsTest {

  private static final Instant SINCE = Instant.parse("2026-12-06T09:00:00Z");
  private static final ScheduledJobRef REPORT =
      new ScheduledJobRef("team-a", "report-2", "uid-report");

  @Test
  void theLastRunIsTheLastCreatedAndTheWorstIsTheOneCreatedLongestAfterItsTime() {
    Instant nine10 = Instant.parse("2026-12-06T09:10:00Z");
    Instant nine20 = Instant.parse("2026-12-06T09:20:00Z");
    List<CommandOutcome> outcomes =
        List.of(
            created("CreateJob", Runs.jobName("report-2", nine10), nine10.plusSeconds(7)),
            created("CreateJob", Runs.jobName("report-2", nine20), nine20.plusMillis(400)));

    SystemStatus.Runs runs = RecentRuns.of(outcomes, SINCE);

    assertThat(runs.created()).isEqualTo(2);
    assertThat(runs.last().job()).isEqualTo(Runs.jobName("report-2", nine20));
    assertThat(runs.last().scheduledJob()).isEqualTo("team-a/report-2");
    assertThat(runs.last().skew()).isEqualTo(Duration.ofMillis(400));
    assertThat(runs.worstSkew().job()).isEqualTo(Runs.jobName("report-2", nine10));
    assertThat(runs.worstSkew().scheduled()).isEqualTo(nine10);
    assertThat(runs.worstSkew().skew()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aManualRunCountsAsLastButHasNoSkew() {
    Instant asked = Instant.parse("2026-12-06T09:30:00Z");
    String manual = Runs.manualJobName("report-2", asked, "now");

    SystemStatus.Runs runs =
        RecentRuns.of(List.of(created("CreateJob", manual, asked.plusSeconds(1))), SINCE);

    assertThat(runs.last().job()).isEqualTo(manual);
    assertThat(runs.last().skew()).isNull();
    assertThat(runs.worstSkew()).isNull();
  }

  @Test
  void onlyJobsCreatedInTheSpanCountAndNotOtherResultsOrCommands() {
    Instant eight = Instant.parse("2026-12-06T08:59:00Z");
    Instant nine = Instant.parse("2026-12-06T09:01:00Z");
    List<CommandOutcome> outcomes =
        List.of(
            created("CreateJob", Runs.jobName("report-2", eight), eight.plusSeconds(1)),
            outcome(
                "CreateJob", Result.ADOPTED, Runs.jobName("report-2", nine), nine.plusSeconds(1)),
            outcome(
                "DeleteJob", Result.DELETED, Runs.jobName("report-2", eight), nine.plusSeconds(2)),
            outcome("CreateJob", Result.REFUSED, null, nine.plusSeconds(3)));

    SystemStatus.Runs runs = RecentRuns.of(outcomes, SINCE);

    assertThat(runs.created()).isZero();
    assertThat(runs.last()).isNull();
    assertThat(runs.worstSkew()).isNull();
  }

  @Test
  void readsTheScheduledTimeOnlyFromAScheduledRunsName() {
    Instant at = Instant.parse("2026-12-06T09:10:00Z");
    assertThat(RecentRuns.scheduledTime("report-2", Runs.jobName("report-2", at))).contains(at);
    assertThat(RecentRuns.scheduledTime("report-2", Runs.manualJobName("report-2", at, "x")))
        .isEmpty();
    assertThat(RecentRuns.scheduledTime("report", Runs.jobName("report-2", at))).isEmpty();
    assertThat(RecentRuns.scheduledTime("report-2", "report-2-")).isEmpty();
  }

  private static CommandOutcome created(String type, String job, Instant at) {
    return outcome(type, Result.CREATED, job, at);
  }

  private static CommandOutcome outcome(String type, Result result, String job, Instant at) {
    return new CommandOutcome(
        CronlogRecord.SCHEMA_VERSION,
        "outcome-" + job + result,
        at,
        "command-" + job,
        type,
        REPORT,
        result,
        "",
        false,
        job,
        job == null ? null : "uid-" + job);
  }
}
