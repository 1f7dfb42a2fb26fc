package io.cronlog.faults.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScenariosTest {

  @Test
  void theShortFormIsTheThreeScenariosCiRunsInOneMinuteEachTheKillLast() {
    List<Scenario> scenarios = Scenarios.named("short", Duration.ofMinutes(1), new Random(1));

    assertThat(scenarios)
        .extracting(Scenario::name)
        .containsExactly("api-faults", "broker-30s", "kill-executor");
    assertThat(scenarios).allSatisfy(s -> assertThat(s.window()).isEqualTo(Duration.ofMinutes(1)));
  }

  @Test
  void everyScenarioOfTheFullSuiteBuildsWithItsStepsInsideItsWindow() {
    List<Scenario> scenarios = Scenarios.named("all", Duration.ofMinutes(2), new Random(7));

    assertThat(scenarios).extracting(Scenario::name).containsExactlyElementsOf(Scenarios.names());
    assertThat(scenarios)
        .allSatisfy(
            s ->
                assertThat(s.steps())
                    .isNotEmpty()
                    .allSatisfy(step -> assertThat(step.at()).isLessThan(s.window())));
  }

  @Test
  void longFaultsGetAWindowThatHoldsTheFaultAndARunAfterIt() {
    List<Scenario> scenarios =
        Scenarios.named("broker-3m,executor-down-10m", Duration.ofMinutes(1), new Random(1));

    assertThat(scenarios.get(0).window()).isEqualTo(Duration.ofMinutes(4));
    assertThat(scenarios.get(1).window()).isEqualTo(Duration.ofMinutes(12));
  }

  @Test
  void killsLandInTheBurstAtTheStartOfTheMinute() {
    Scenario kill = Scenarios.named("kill-executor", Duration.ofMinutes(1), new Random(3)).get(0);

    assertThat(kill.steps().get(0).what()).isEqualTo("kill -9 executor");
    assertThat(kill.steps().get(0).at()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  @Test
  void oneSeedGivesOneTiming() {
    List<Scenario> first = Scenarios.named("all", Duration.ofMinutes(2), new Random(11));
    List<Scenario> again = Scenarios.named("all", Duration.ofMinutes(2), new Random(11));

    assertThat(first)
        .extracting(Scenario::steps)
        .extracting(Object::toString)
        .isEqualTo(again.stream().map(Scenario::steps).map(Object::toString).toList());
  }

  @Test
  void anUnknownScenarioIsRefusedWithTheKnownNames() {
    assertThatThrownBy(
            () -> Scenarios.named("kill-everything", Duration.ofMinutes(1), new Random(1)))
        .hasMessageContaining("no scenario 'kill-everything'")
        .hasMessageContaining("kill-watcher");
  }
}
