package io.cronlog.scheduler.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.records.ScheduledJobKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class DecisionShardsTest {

  private static DecisionShards shards(int count) {
    // The shards are never started: only their routing is under test.
    return new DecisionShards(count, i -> new DecisionShard(i, "test-" + i, null));
  }

  @Test
  void aScheduledJobAlwaysGoesToTheSameDecisionThread() {
    DecisionShards first = shards(4);
    DecisionShards second = shards(4);
    ScheduledJobKey key = new ScheduledJobKey("team-a", "nightly");

    int index = first.indexOf(key);

    assertThat(first.indexOf(new ScheduledJobKey("team-a", "nightly"))).isEqualTo(index);
    assertThat(second.indexOf(key)).isEqualTo(index);
  }

  @Test
  void theScheduledJobsOfOnePartitionSpreadOverEveryDecisionThread() {
    // The keys Kafka's partitioner puts in one partition of six: a shard hash that agreed with it
    // would put them all on one thread of three.
    DecisionShards shards = shards(3);
    Map<Integer, Integer> perShard = new HashMap<>();
    IntStream.range(0, 60_000)
        .mapToObj(i -> new ScheduledJobKey("team-a", "sj-" + i))
        .filter(key -> kafkaPartition(key, 6) == 0)
        .forEach(key -> perShard.merge(shards.indexOf(key), 1, Integer::sum));

    int total = perShard.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(perShard).hasSize(3);
    assertThat(perShard.values())
        .allSatisfy(n -> assertThat(n).isBetween(total / 3 * 9 / 10, total / 3 * 11 / 10));
  }

  private static int kafkaPartition(ScheduledJobKey key, int partitions) {
    byte[] bytes = key.toString().getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
  }
}
