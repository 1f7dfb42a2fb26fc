package io.cronlog.devkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaConfigTest {

  @Test
  void rejectsAPortOutsideTheTcpRange() {
    assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withPort(70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }

  @Test
  void rejectsZeroDefaultPartitions() {
    assertThatThrownBy(() -> EmbeddedKafkaConfig.defaults().withDefaultPartitions(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultPartitions");
  }

  @Test
  void copiesBrokerPropertiesSoLaterChangesDoNotLeakIn() {
    Map<String, String> props = new HashMap<>(Map.of("log.retention.ms", "1000"));
    EmbeddedKafkaConfig config = new EmbeddedKafkaConfig(null, 0, 1, props);
    props.put("num.io.threads", "1");

    assertThat(config.brokerProperties()).containsOnlyKeys("log.retention.ms");
    assertThat(config.withBrokerProperty("num.io.threads", "1").brokerProperties())
        .containsOnlyKeys("log.retention.ms", "num.io.threads");
  }

  @Test
  void aDataDirectoryHoldingWhatNoBrokerWroteIsRefusedAndLeftAsItWas(@TempDir Path dir)
      throws Exception {
    Path notKafka = Files.writeString(dir.resolve("meta.properties"), "left over");

    assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaConfig.defaults().withDataDir(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Kafka data directory "
                + dir
                + " holds files that are not a cronlog broker's (meta.properties)");
    assertThat(notKafka).hasContent("left over");
  }
}
