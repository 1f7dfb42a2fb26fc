package io.cronlog.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void namesEveryTopicUnderThePrefix() {
    Topics topics = new Topics("prod.cronlog.");

    assertThat(topics.keyed())
        .containsExactly(
            "prod.cronlog.events",
            "prod.cronlog.state",
            "prod.cronlog.commands",
            "prod.cronlog.outcomes");
    assertThat(topics.deadLetter()).isEqualTo("prod.cronlog.dead-letter");
  }

  @Test
  void compactsOnlyTheStateTopicAndKeepsEveryTopicOfTheTrailAlike() {
    Topics topics = Topics.withDefaultPrefix();
    TopicSettings settings =
        new TopicSettings(6, (short) 1, TopicSettings.DEFAULT_TRAIL_RETENTION_MS);

    assertThat(settings.configsFor(topics, "cronlog.state"))
        .containsEntry("cleanup.policy", "compact");
    assertThat(settings.configsFor(topics, "cronlog.events"))
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "2592000000");
    for (String trail : List.of("cronlog.commands", "cronlog.outcomes", "cronlog.dead-letter")) {
      assertThat(settings.configsFor(topics, trail))
          .containsEntry("cleanup.policy", "delete")
          .containsEntry("retention.ms", "2592000000");
    }
    assertThat(settings.configsFor(topics, "cronlog.state")).doesNotContainKey("retention.ms");
  }

  @Test
  void letsTheDeadLetterTopicHoldARecordRefusedElsewhereForItsSize() {
    TopicSettings settings =
        new TopicSettings(6, (short) 1, TopicSettings.DEFAULT_TRAIL_RETENTION_MS);

    assertThat(settings.configsFor(Topics.withDefaultPrefix(), "cronlog.dead-letter"))
        .containsEntry("max.message.bytes", "8388608");
    assertThat(settings.configsFor(Topics.withDefaultPrefix(), "cronlog.events"))
        .doesNotContainKey("max.message.bytes");
  }

  @Test
  void refusesAPrefixKafkaCannotName() {
    assertThatThrownBy(() -> new Topics("cron log/")).hasMessageContaining("cron log/");
  }
}
