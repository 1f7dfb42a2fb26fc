package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.executor.MockApi;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleFireTimeCheckTest {

  static final Instant NOW = Instant.parse("2024-03-31T12:00:00Z");
  final FireTimeCheck check = new ScheduleFireTimeCheck();

  private static ScheduledJob sj(String schedule, String zone) {
    ScheduledJob sj = MockApi.scheduledJob("ns", "sj", schedule, zone);
    sj.getMetadata().setCreationTimestamp("2024-03-31T10:00:00Z");
    return sj;
  }

  @Test
  void acceptsAFireTimeOfTheSchedule() {
    assertThat(check.refusal(sj("*/15 * * * *", null), Instant.parse("2024-03-31T11:45:00Z")))
        .isEmpty();
  }

  @Test
  void refusesATimeBetweenFireTimes() {
    assertThat(check.refusal(sj("*/15 * * * *", null), Instant.parse("2024-03-31T11:46:00Z")))
        .hasValueSatisfying(why -> assertThat(why).contains("not a fire time"));
  }

  @Test
  void readsTheScheduleInItsZone() {
    // 09:00 in Paris on the day summer time starts is 07:00 UTC.
    ScheduledJob paris = sj("0 9 * * *", "Europe/Paris");

    assertThat(check.refusal(paris, Instant.parse("2024-03-31T07:00:00Z"))).isEmpty();
    assertThat(check.refusal(paris, Instant.parse("2024-03-31T09:00:00Z"))).isPresent();
  }

  @Test
  void refusesATimeWithAFractionOfASecond() {
    assertThat(check.refusal(sj("* * * * *", null), Instant.parse("2024-03-31T11:45:00.5Z")))
        .isPresent();
  }

  @Test
  void refusesWhenTheScheduleDoesNotParse() {
    assertThat(check.refusal(sj("61 * * * *", null), NOW)).isPresent();
  }

  @Test
  void acceptsAnEveryRunAtLeastOnePeriodAfterTheLastOne() {
    ScheduledJob every = sj("@every 90s", null);
    every.setStatus(new ScheduledJobStatus());
    every.getStatus().setLastScheduleTime("2024-03-31T11:00:00Z");

    assertThat(check.refusal(every, Instant.parse("2024-03-31T11:01:30Z"))).isEmpty();
    assertThat(check.refusal(every, Instant.parse("2024-03-31T11:07:31Z"))).isEmpty();
    assertThat(check.refusal(every, Instant.parse("2024-03-31T11:01:00Z"))).isPresent();
  }

  @Test
  void anchorsAnEveryScheduleAtTheCreationTimeBeforeItsFirstRun() {
    ScheduledJob every = sj("@every 1h", null);

    assertThat(check.refusal(every, Instant.parse("2024-03-31T10:30:00Z"))).isPresent();
    assertThat(check.refusal(every, Instant.parse("2024-03-31T11:00:00Z"))).isEmpty();
  }
}
