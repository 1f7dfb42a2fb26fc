package io.cronlog.records.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartingDeadlineTest {

  static final Instant T = Instant.parse("2024-03-01T10:00:00Z");

  record Row(
      String name, Long deadlineSeconds, long secondsLate, Duration tolerance, boolean passed) {}

  static final List<Row> ROWS =
      List.of(
          new Row("no deadline: never too late", null, 365L * 24 * 3600, Duration.ZERO, false),
          new Row("within the deadline", 100L, 99, Duration.ZERO, false),
          new Row("at the deadline exactly: still starts", 100L, 100, Duration.ZERO, false),
          new Row("past the deadline", 100L, 101, Duration.ZERO, true),
          new Row(
              "past the deadline but within the tolerance",
              100L,
              150,
              Duration.ofMinutes(1),
              false),
          new Row("past the deadline and the tolerance", 100L, 161, Duration.ofMinutes(1), true),
          new Row("deadline zero: only on the second itself", 0L, 1, Duration.ZERO, true));

  @Test
  void aRunIsMissedOnlyAfterItsDeadlinePlusTheTolerance() {
    for (Row row : ROWS) {
      assertThat(
              StartingDeadline.passed(
                  T, row.deadlineSeconds(), T.plusSeconds(row.secondsLate()), row.tolerance()))
          .as(row.name())
          .isEqualTo(row.passed());
    }
  }

  @Test
  void theWindowStartsAtTheBaseOrAtNowMinusTheDeadlineWhicheverIsLater() {
    Instant now = T.plusSeconds(3600);

    assertThat(StartingDeadline.windowStart(T, null, now)).isEqualTo(T);
    assertThat(StartingDeadline.windowStart(T, 200L, now)).isEqualTo(now.minusSeconds(200));
    assertThat(StartingDeadline.windowStart(T, 7200L, now)).isEqualTo(T);
  }
}
