package io.cronlog.runtime.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromTheInitialDelayUpToTheCeilingAndStaysThere() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofMillis(1_600));
    assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aCeilingBelowTheInitialDelayIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("below the initial");
  }

  @Test
  void aRetryLoopsWaitsDoubleEachTimeUpToTheCap() throws InterruptedException {
    Backoff.Waits waits = new Backoff(Duration.ofMillis(1), Duration.ofMillis(3)).waits();

    assertThat(waits.next()).isEqualTo(Duration.ofMillis(1));
    waits.sleep();
    assertThat(waits.next()).isEqualTo(Duration.ofMillis(2));
    waits.sleep();
    assertThat(waits.next()).isEqualTo(Duration.ofMillis(3));
    waits.sleep();
    assertThat(waits.next()).isEqualTo(Duration.ofMillis(3));
  }
}
