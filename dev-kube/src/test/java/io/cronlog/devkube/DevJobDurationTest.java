package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DevJobDurationTest {

  @ParameterizedTest
  @CsvSource({
    "10s, PT10S",
    "2m, PT2M",
    "1h30m, PT1H30M",
    "1.5s, PT1.5S",
    "500ms, PT0.5S",
    "PT45S, PT45S"
  })
  void parsesGoAndIsoDurations(String text, String expected) {
    assertThat(DevJobCompleter.parseDuration(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "ten seconds", "10s junk", "5d"})
  void rejectsWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> DevJobCompleter.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a duration");
  }
}
