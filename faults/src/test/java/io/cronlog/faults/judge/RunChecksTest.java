package io.cronlog.faults.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.faults.judge.JobLedger.JobRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunChecksTest {

  private static final Instant T0 = Instant.parse("2026-12-04T22:00:00Z");
  private static final Instant END = T0.plusSeconds(59);

  @Test
  void twoJobsForOneScheduledJobAndTimeAreOneDuplicate() {
    List<JobRun> jobs =
        List.of(
            job("a", "uid-a", T0, 2, 12),
            job("a-again", "uid-a", T0, 5, 15),
            job("b", "uid-b", T0, 2, 12));

    assertThat(RunChecks.duplicates(jobs)).isEqualTo(1);
  }

  @Test
  void aRunWithTwoJobsIsOneRunWithAJob() {
    List<JobRun> jobs =
        List.of(
            job("a", "uid-a", T0, 2, 12),
            job("a-again", "uid-a", T0, 5, 15),
            job("b", "uid-b", T0, 2, 12));

    assertThat(RunChecks.runsWithAJob(jobs)).isEqualTo(2);
  }

  @Test
  void theSameTimeOfTwoScheduledJobsIsNoDuplicate() {
    assertThat(
            RunChecks.duplicates(
                List.of(job("a", "uid-a", T0, 2, 12), job("b", "uid-b", T0, 2, 12))))
        .isZero();
  }

  @Test
  void aForbidJobCreatedWhileTheEarlierOneRunsBreaksForbid() {
    JobRun earlier = job("f-1", "uid-f", T0.minusSeconds(60), 1, 91);
    JobRun during = job("f-2", "uid-f", T0, 3, 33);

    assertThat(RunChecks.forbidOverlaps(List.of(earlier, during), T0, END, name -> true))
        .containsExactly(during);
  }

  @Test
  void aForbidJobCreatedAfterTheEarlierOneEndedIsFine() {
    JobRun earlier = job("f-1", "uid-f", T0.minusSeconds(60), 1, 50);
    JobRun after = job("f-2", "uid-f", T0, 3, 33);

    assertThat(RunChecks.forbidOverlaps(List.of(earlier, after), T0, END, name -> true)).isEmpty();
  }

  @Test
  void aStillActiveEarlierJobCountsAsRunning() {
    JobRun active =
        new JobRun(
            "uid-1", "f-1", "uid-f", "f", T0.minusSeconds(60), false, T0.minusSeconds(59), null);
    JobRun next = job("f-2", "uid-f", T0, 3, 33);

    assertThat(RunChecks.forbidOverlaps(List.of(active, next), T0, END, name -> true))
        .containsExactly(next);
  }

  @Test
  void overlapsOfScheduledJobsThatAllowThemAreNotCounted() {
    JobRun earlier = job("a-1", "uid-a", T0.minusSeconds(60), 1, 91);
    JobRun during = job("a-2", "uid-a", T0, 3, 33);

    assertThat(RunChecks.forbidOverlaps(List.of(earlier, during), T0, END, name -> false))
        .isEmpty();
  }

  @Test
  void onlyScheduledJobsDueInTheWindowAreKept() {
    JobRun before = job("x-1", "uid-x", T0.minusSeconds(60), 1, 11);
    JobRun in = job("x-2", "uid-x", T0, 1, 11);
    JobRun manual = new JobRun("uid-m", "x-m", "uid-x", "x", T0, true, T0, null);

    assertThat(RunChecks.scheduledIn(List.of(before, in, manual), T0, END)).containsExactly(in);
  }

  @Test
  void p99IsTheNearestRankOfTheLateness() {
    List<JobRun> jobs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      jobs.add(job("j" + i, "uid-" + i, T0, i == 99 ? 40 : i == 98 ? 30 : 1, 60));
    }

    assertThat(RunChecks.p99Lateness(jobs)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RunChecks.p99Lateness(List.of())).isNull();
  }

  /**
   * A Job of the ScheduledJob {@code ownerUid} for {@code time}, created and ended that many
   * seconds after it.
   */
  private static JobRun job(
      String name, String ownerUid, Instant time, long createdAfter, long endedAfter) {
    return new JobRun(
        "uid-" + name,
        name,
        ownerUid,
        ownerUid.substring(4),
        time,
        false,
        time.plusSeconds(createdAfter),
        time.plusSeconds(endedAfter));
  }
}
