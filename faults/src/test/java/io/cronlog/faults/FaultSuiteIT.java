package io.cronlog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.faults.judge.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short form of the fault suite, as CI runs it in {@code ./mvnw verify}: API faults (429, 500,
 * 409, slow; watches ended with 410), a 30 s broker outage and a kill -9 of the executor mid-burst,
 * one minute each, on 40 ScheduledJobs. The table goes to {@code target/fault-suite.md}.
 */
class FaultSuiteIT {

  @Test
  void noScenarioOfTheShortFormMissesDoublesOrOverlapsARun() throws Exception {
    FaultSuite.Result result = new FaultSuite(SuiteOptions.shortForm(Path.of("target"))).run();
    String table = Files.readString(result.table(), StandardCharsets.UTF_8);
    System.out.println(table);

    assertThat(result.verdicts()).hasSize(3);
    assertThat(result.verdicts()).allSatisfy(verdict -> assertThat(verdict.runsDue()).isPositive());
    assertThat(result.verdicts()).as(table).noneMatch(Verdict::violated);
  }
}
