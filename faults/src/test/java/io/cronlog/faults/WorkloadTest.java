package io.cronlog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  @Test
  void theLastDueTimeBeforeAWindowsCloseIsTheWholeMinuteBeforeIt() {
    assertThat(new Workload().lastDueBefore(Instant.parse("2026-12-05T19:23:00Z")))
        .isEqualTo(Instant.parse("2026-12-05T19:22:00Z"));
  }

  @Test
  void theLastDueTimeBeforeAMomentWithinAMinuteIsThatMinute() {
    assertThat(new Workload().lastDueBefore(Instant.parse("2026-12-05T19:23:41Z")))
        .isEqualTo(Instant.parse("2026-12-05T19:23:00Z"));
  }
}
