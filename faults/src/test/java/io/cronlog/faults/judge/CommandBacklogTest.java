package io.cronlog.faults.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommandBacklogTest {

  private static final TopicPartition P0 = new TopicPartition("cronlog.commands", 0);
  private static final TopicPartition P1 = new TopicPartition("cronlog.commands", 1);

  @Test
  void aPartitionCommittedToItsEndHasNothingLeft() {
    assertThat(CommandBacklog.left(Map.of(P0, 10L, P1, 5L), Map.of(P0, 10L, P1, 7L))).isEmpty();
  }

  @Test
  void whatLiesBetweenTheCommittedOffsetAndTheEndIsLeft() {
    assertThat(CommandBacklog.left(Map.of(P0, 10L, P1, 5L), Map.of(P0, 10L, P1, 3L)))
        .containsExactly(Map.entry(1, 2L));
  }

  @Test
  void aPartitionTheGroupNeverCommittedIsLeftWhole() {
    assertThat(CommandBacklog.left(Map.of(P0, 10L, P1, 0L), Map.of()))
        .containsExactly(Map.entry(0, 10L));
  }
}
