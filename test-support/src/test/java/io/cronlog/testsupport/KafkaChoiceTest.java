package io.cronlog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KafkaChoiceTest {

  private static final BooleanSupplier DOCKER = () -> true;
  private static final BooleanSupplier NO_DOCKER = () -> false;
  private static final BooleanSupplier MUST_NOT_PROBE =
      () -> {
        throw new AssertionError("Docker was probed although the choice was forced");
      };

  @Test
  void choosesTheContainerWhenDockerIsReachable() {
    assertThat(KafkaChoice.decide(null, DOCKER)).isEqualTo(KafkaChoice.CONTAINER);
  }

  @Test
  void choosesTheEmbeddedBrokerWithoutDocker() {
    assertThat(KafkaChoice.decide("", NO_DOCKER)).isEqualTo(KafkaChoice.EMBEDDED);
  }

  @Test
  void forcedEmbeddedDoesNotProbeDocker() {
    assertThat(KafkaChoice.decide(" Embedded ", MUST_NOT_PROBE)).isEqualTo(KafkaChoice.EMBEDDED);
  }

  @Test
  void forcedContainerIsUsedWhenDockerIsReachable() {
    assertThat(KafkaChoice.decide("container", DOCKER)).isEqualTo(KafkaChoice.CONTAINER);
  }

  @Test
  void forcedContainerWithoutDockerFailsInsteadOfFallingBack() {
    assertThatThrownBy(() -> KafkaChoice.decide("container", NO_DOCKER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cronlog.test.kafka=container")
        .hasMessageContaining("no Docker engine");
  }

  @Test
  void rejectsAnUnknownValueNamingTheProperty() {
    assertThatThrownBy(() -> KafkaChoice.decide("kraft", DOCKER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cronlog.test.kafka")
        .hasMessageContaining("'kraft'");
  }
}
