package io.cronlog.executor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);

  @Test
  void doublesTheCeilingWithEachAttemptUpToTheMaximum() {
    assertThat(policy.delayAfter(1, Duration.ZERO, () -> 0.999))
        .isBetween(Duration.ofMillis(990), Duration.ofSeconds(1));
    assertThat(policy.delayAfter(3, Duration.ZERO, () -> 0.999))
        .isBetween(Duration.ofMillis(3990), Duration.ofSeconds(4));
    assertThat(policy.delayAfter(40, Duration.ZERO, () -> 0.999))
        .isBetween(Duration.ofMillis(29_900), Duration.ofSeconds(30));
  }

  @Test
  void jittersBetweenHalfAndAllOfTheCeiling() {
    assertThat(policy.delayAfter(3, Duration.ZERO, () -> 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(3, Duration.ZERO, () -> 0.5)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void waitsAtLeastAsLongAsTheServerAsked() {
    assertThat(policy.delayAfter(1, Duration.ofSeconds(7), () -> 0.0))
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void allowsAttemptsUpToTheMaximum() {
    assertThat(policy.allowsAnotherAttempt(4)).isTrue();
    assertThat(policy.allowsAnotherAttempt(5)).isFalse();
  }
}
