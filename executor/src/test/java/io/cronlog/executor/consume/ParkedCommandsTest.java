package io.cronlog.executor.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ParkedCommandsTest {

  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  private static ConsumerRecord<String, byte[]> record(String key, long offset) {
    return new ConsumerRecord<>("cronlog.commands", 0, offset, key, new byte[0]);
  }

  @Test
  void retriesAtMostTheLimitEarliestFirstAndKeepsTheRestWaiting() {
    ParkedCommands parked = new ParkedCommands();
    parked.park("team-a/late", record("team-a/late", 0), new Tries(1, false), T0.plusSeconds(3));
    parked.park("team-a/early", record("team-a/early", 1), new Tries(1, false), T0.plusSeconds(1));
    parked.park(
        "team-a/middle", record("team-a/middle", 2), new Tries(1, false), T0.plusSeconds(2));

    assertThat(parked.takeDue(T0.plusSeconds(10), 2))
        .extracting(p -> p.records.peekFirst().key())
        .containsExactly("team-a/early", "team-a/middle");
    assertThat(parked.holds("team-a/late")).isTrue();
    assertThat(parked.takeDue(T0.plusSeconds(10), 2))
        .extracting(p -> p.records.peekFirst().key())
        .containsExactly("team-a/late");
  }
}
