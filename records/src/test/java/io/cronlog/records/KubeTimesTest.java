package io.cronlog.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class KubeTimesTest {

  @Test
  void writesWholeSecondsInUtcOrInTheZonesOffset() {
    Instant time = Instant.parse("2026-03-29T01:30:00.750Z");

    assertThat(KubeTimes.format(time)).isEqualTo("2026-03-29T01:30:00Z");
    assertThat(KubeTimes.format(time, ZoneId.of("Europe/Berlin")))
        .isEqualTo("2026-03-29T03:30:00+02:00");
  }

  @Test
  void readsAnyOffsetAndKeepsUnsetAsNull() {
    assertThat(KubeTimes.parse("2026-11-01T01:30:00-05:00"))
        .isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
    assertThat(KubeTimes.parse(null)).isNull();
    assertThat(KubeTimes.parse(" ")).isNull();
  }

  @Test
  void refusesGarbageStrictlyAndIgnoresItLeniently() {
    assertThatThrownBy(() -> KubeTimes.parse("yesterday"))
        .isInstanceOf(DateTimeParseException.class);
    assertThat(KubeTimes.parseOrNull("yesterday")).isNull();
  }
}
