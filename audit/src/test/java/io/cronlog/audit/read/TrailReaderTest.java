package io.cronlog.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrailReaderTest {

  @Test
  void aClientConfigCannotMakeTheReaderJoinAGroupOrReadAbortedRecords() {
    Map<String, Object> props =
        TrailReader.consumerProperties(
            Map.of(
                "bootstrap.servers",
                "k:9092",
                "group.id",
                "ops",
                "isolation.level",
                "read_uncommitted",
                "enable.auto.commit",
                "true",
                "security.protocol",
                "SSL"));

    assertThat(props)
        .doesNotContainKey("group.id")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("allow.auto.create.topics", false)
        .containsEntry("security.protocol", "SSL");
  }

  @Test
  void givesUpOnASilentBrokerInSecondsUnlessTheClientConfigAllowsMore() {
    assertThat(TrailReader.consumerProperties(Map.of("bootstrap.servers", "k:9092")))
        .containsEntry("default.api.timeout.ms", 10_000)
        .containsEntry("request.timeout.ms", 10_000);
    assertThat(
            TrailReader.consumerProperties(
                Map.of("bootstrap.servers", "k:9092", "default.api.timeout.ms", "60000")))
        .containsEntry("default.api.timeout.ms", "60000");
  }
}
