package io.cronlog.faults.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

  private static final Instant T0 = Instant.parse("2026-12-04T22:08:00Z");

  @Test
  void aRowWithASilentMissSaysViolatedAndTheFooterCountsIt() {
    String table =
        ResultTable.render(List.of(verdict("kill-executor", 0), verdict("broker-30s", 3)));

    assertThat(table)
        .contains(
            "| kill-executor | 22:08–22:09 | 1m | 40 | 38 | 2 | 0 | 0 | 0 | 0 | 4s | - | ok |")
        .contains(
            "| broker-30s | 22:08–22:09 | 1m | 40 | 38 | 2 | 3 | 0 | 0 | 0 | 4s | - | **VIOLATED** |")
        .contains("1 of 2 scenarios broke a promise.");
  }

  @Test
  void aCleanRunSaysSo() {
    assertThat(ResultTable.render(List.of(verdict("api-faults", 0))))
        .endsWith("No scenario broke a promise.\n");
  }

  private static Verdict verdict(String scenario, int silentMisses) {
    return new Verdict(
        scenario,
        T0,
        T0.plusSeconds(59),
        Duration.ofMinutes(1),
        40,
        38,
        2,
        silentMisses,
        0,
        0,
        0,
        "-",
        Duration.ofSeconds(4));
  }
}
