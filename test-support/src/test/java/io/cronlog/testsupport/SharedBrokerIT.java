package io.cronlog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class SharedBrokerIT {

  /** Bootstrap addresses the nested test classes saw, in the order they ran. */
  private static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @Test
  void testClassesShareOneBrokerThatStopsWhenTheirRunEnds() {
    SEEN.clear();

    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(1)).isEqualTo(SEEN.get(0));
    String[] hostAndPort = SEEN.get(0).split(",")[0].split(":");
    assertThatThrownBy(() -> new Socket(hostAndPort[0], Integer.parseInt(hostAndPort[1])).close())
        .isInstanceOf(IOException.class);
  }

  // Run only through the engine above: failsafe skips nested classes.
  @ExtendWith(KafkaExtension.class)
  static class FirstClass {
    @Test
    void recordsItsBroker(KafkaFixture kafka) {
      SEEN.add(kafka.bootstrapServers());
    }
  }

  @ExtendWith(KafkaExtension.class)
  static class SecondClass {
    @Test
    void recordsItsBroker(KafkaFixture kafka) {
      SEEN.add(kafka.bootstrapServers());
    }
  }
}
