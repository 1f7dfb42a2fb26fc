package io.cronlog.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesEachWaitUpToItsCap() throws InterruptedException {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(3));

    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(1));
    backoff.sleep();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(2));
    backoff.sleep();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(3));
    backoff.sleep();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(3));
  }
}
