package io.cronlog.watcher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.runtime.topics.Topics;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class TopicLimitsTest {

  private static final Topics TOPICS = Topics.withDefaultPrefix();

  @Test
  void takesATopicsLimitBelowWhatItRefusedEvenWhenKafkaReportsMore() throws Exception {
    TopicLimits limits = new TopicLimits(() -> limits(1_000_000), TOPICS);

    RecordSizeLimits learnt = limits.below(limits.read(), TOPICS.state(), 50_000);

    assertThat(learnt.limit(TOPICS.state())).isEqualTo(49_999);
    assertThat(learnt.limit(TOPICS.events())).isEqualTo(1_000_000 - RecordSizeLimits.OVERHEAD);
  }

  @Test
  void keepsTheLimitsKnownWhenKafkaDoesNotAnswerAndStillLearnsTheRefusal() throws Exception {
    RecordSizeLimits known = limits(200_000);
    TopicLimits limits =
        new TopicLimits(
            () -> {
              throw new KafkaException("no answer describing the topics within 30 s");
            },
            TOPICS);

    RecordSizeLimits learnt = limits.below(known, TOPICS.events(), 150_000);

    assertThat(learnt.limit(TOPICS.events())).isEqualTo(149_999);
    assertThat(learnt.limit(TOPICS.state())).isEqualTo(200_000 - RecordSizeLimits.OVERHEAD);
  }

  private static RecordSizeLimits limits(int maxMessageBytes) {
    return RecordSizeLimits.of(
        Map.of(
            TOPICS.events(),
            maxMessageBytes,
            TOPICS.state(),
            maxMessageBytes,
            TOPICS.commands(),
            maxMessageBytes,
            TOPICS.deadLetter(),
            maxMessageBytes));
  }
}
