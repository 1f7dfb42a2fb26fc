package io.cronlog.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WatcherConfigTest {

  static final String KAFKA = "KAFKA_BOOTSTRAP_SERVERS";

  @Test
  void watchesEveryNamespaceUnlessTold() {
    WatcherConfig config = WatcherConfig.fromEnvironment(Map.of(KAFKA, "k:1"));

    assertThat(config.allNamespaces()).isTrue();
    assertThat(config.toString()).contains("namespaces=all");
  }

  @Test
  void watchesTheNamespacesItIsGiven() {
    WatcherConfig config =
        WatcherConfig.fromEnvironment(
            Map.of(KAFKA, "k:1", "CRONLOG_WATCHER_NAMESPACES", "team-a, team-b,"));

    assertThat(config.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
  }

  @Test
  void stillReadsTheNamespacesUnderTheirOldName() {
    WatcherConfig config =
        WatcherConfig.fromEnvironment(Map.of(KAFKA, "k:1", "CRONLOG_NAMESPACES", "team-a"));

    assertThat(config.namespaces()).containsExactly("team-a");
  }

  @Test
  void readsTheNewNameWhenTheOldIsSetToo() {
    WatcherConfig config =
        WatcherConfig.fromEnvironment(
            Map.of(
                KAFKA,
                "k:1",
                "CRONLOG_NAMESPACES",
                "team-a",
                "CRONLOG_WATCHER_NAMESPACES",
                "team-b"));

    assertThat(config.namespaces()).containsExactly("team-b");
  }
}
