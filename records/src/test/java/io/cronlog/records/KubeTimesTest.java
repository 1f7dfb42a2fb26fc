package io.cronlog.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
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
  void readsTheApiServersOwnFormExactlyAsTheFormatterDoes() {
    Random random = new Random(13);
    for (int i = 0; i < 10_000; i++) {
      Instant time = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L));
      String text = KubeTimes.format(time);

      assertThat(KubeTimes.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
  }

  @Test
  void readsFractionsOfASecondExactlyAsTheFormatterDoes() {
    Random random = new Random(17);
    for (int i = 0; i < 10_000; i++) {
      Instant time =
          Instant.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
      String whole = KubeTimes.format(time);
      // 1 to 9 digits, as Instant.toString and the API server's MicroTime write them.
      String digits = String.format("%09d", time.getNano()).substring(0, 1 + random.nextInt(9));
      String text = whole.substring(0, 19) + "." + digits + "Z";

      assertThat(KubeTimes.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
    // Left to the formatter, whatever it makes of them.
    assertThat(KubeTimes.utcOrNull("2026-01-01T10:00:00.Z")).isNull();
    assertThat(KubeTimes.utcOrNull("2026-01-01T10:00:00.1234567890Z")).isNull();
    assertThat(KubeTimes.utcOrNull("2026-01-01T10:00:00,5Z")).isNull();
    assertThat(KubeTimes.utcOrNull("2026-01-01T10:00:00.5a")).isNull();
    assertThat(KubeTimes.utcOrNull("2026-01-01T10:00:00.5+01:00")).isNull();
  }

  @Test
  void refusesABadDateOfTheApiServersFormAsTheFormatterDoes() {
    for (String text :
        List.of(
            "2026-02-30T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T10:60:00Z",
            "2026-01-01T10:00:60Z",
            "2026-01-0aT10:00:00Z",
            "2026-01-01 10:00:00Z",
            "+026-01-01T10:00:00Z")) {
      assertThatThrownBy(() -> KubeTimes.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
    assertThat(KubeTimes.parse("2024-02-29T23:59:59Z"))
        .isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
  }

  @Test
  void refusesGarbageStrictlyAndIgnoresItLeniently() {
    assertThatThrownBy(() -> KubeTimes.parse("yesterday"))
        .isInstanceOf(DateTimeParseException.class);
    assertThat(KubeTimes.parseOrNull("yesterday")).isNull();
  }
}
