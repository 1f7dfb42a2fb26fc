package io.cronlog.records.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.records.rules.Concurrency.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  record Row(ConcurrencyPolicy policy, boolean anotherRunning, Verdict verdict) {}

  static final List<Row> ROWS =
      List.of(
          new Row(ConcurrencyPolicy.Allow, false, Verdict.START),
          new Row(ConcurrencyPolicy.Allow, true, Verdict.START),
          new Row(ConcurrencyPolicy.Forbid, false, Verdict.START),
          new Row(ConcurrencyPolicy.Forbid, true, Verdict.SKIP),
          new Row(ConcurrencyPolicy.Replace, false, Verdict.START),
          new Row(ConcurrencyPolicy.Replace, true, Verdict.REPLACE));

  @Test
  void forbidSkipsAndReplaceReplacesOnlyWhileAnotherRunIsRunning() {
    for (Row row : ROWS) {
      assertThat(Concurrency.verdict(row.policy(), row.anotherRunning()))
          .as(row.policy() + (row.anotherRunning() ? " with a run active" : " with nothing active"))
          .isEqualTo(row.verdict());
    }
  }

  @Test
  void onlyReplaceLetsANewerRunDeleteARunningJob() {
    assertThat(Concurrency.newerRunReplaces(ConcurrencyPolicy.Replace)).isTrue();
    assertThat(Concurrency.newerRunReplaces(ConcurrencyPolicy.Forbid)).isFalse();
    assertThat(Concurrency.newerRunReplaces(ConcurrencyPolicy.Allow)).isFalse();
  }
}
