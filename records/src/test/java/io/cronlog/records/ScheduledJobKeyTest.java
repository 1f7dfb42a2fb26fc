package io.cronlog.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScheduledJobKeyTest {

  @Test
  void readsBackTheKeyItWrites() {
    assertThat(ScheduledJobKey.parse("team-a/report"))
        .isEqualTo(new ScheduledJobKey("team-a", "report"));
    assertThatThrownBy(() -> ScheduledJobKey.parse("report"))
        .hasMessageContaining("namespace/name");
  }
}
