package io.cronlog.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {

  @Test
  void withoutArgumentsRunsTheFullSuiteAtItsDefaults() {
    assertThat(SuiteOptions.parse(new String[0]))
        .isEqualTo(new SuiteOptions(200, Duration.ofMinutes(2), "all", 1, Path.of("target")));
  }

  @Test
  void readsEveryOption() {
    SuiteOptions options =
        SuiteOptions.parse(
            new String[] {
              "--scheduled-jobs=10",
              "--window=3",
              "--scenarios=kill-watcher,clock-skew",
              "--seed=7",
              "--out=/tmp/x"
            });

    assertThat(options)
        .isEqualTo(
            new SuiteOptions(
                10, Duration.ofMinutes(3), "kill-watcher,clock-skew", 7, Path.of("/tmp/x")));
  }

  @Test
  void namesTheOptionWhoseValueIsNotANumber() {
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--scheduled-jobs=many"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--scheduled-jobs takes a whole number, got 'many'");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--window=0"}))
        .hasMessageContaining("--window is whole minutes, at least 1");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--jobs=3"}))
        .hasMessageContaining("unknown option --jobs");
  }
}
