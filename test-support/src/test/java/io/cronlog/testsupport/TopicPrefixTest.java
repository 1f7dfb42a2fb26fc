package io.cronlog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPrefixTest {

  @Test
  void givesTheSameTestNameADifferentPrefixEachTime() {
    TopicPrefix prefixes = new TopicPrefix();

    assertThat(prefixes.next("createsJob")).isEqualTo("t1-createsJob.");
    assertThat(prefixes.next("createsJob")).isEqualTo("t2-createsJob.");
  }

  @Test
  void keepsOnlyCharactersKafkaAllowsWithoutMixingDotsAndUnderscores() {
    String prefix = new TopicPrefix().next("[1] repeats_with a=b");

    assertThat(prefix).isEqualTo("t1-1-repeats-with-a-b.");
  }

  @Test
  void shortensLongNamesSoTopicNamesStayWithinKafkasLimit() {
    String prefix = new TopicPrefix().next("x".repeat(300));

    assertThat(prefix).hasSize("t1-".length() + 60 + 1);
  }
}
