package io.cronlog.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  static final long MS = 1_000_000L;

  final AtomicLong now = new AtomicLong(1_000_000 * MS);
  final TokenBucket bucket = new TokenBucket(10, 3, now::get);

  @Test
  void letsABurstThroughAtOnceThenTheSteadyRate() {
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(100 * MS);
    assertThat(bucket.reserve()).isEqualTo(200 * MS);
  }

  @Test
  void refillsWhileIdleButNeverBeyondTheBurst() {
    for (int i = 0; i < 3; i++) {
      bucket.reserve();
    }
    now.addAndGet(10_000 * MS);

    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(100 * MS);
  }

  @Test
  void aTokenFreedByTimeIsAvailableAgain() {
    for (int i = 0; i < 3; i++) {
      bucket.reserve();
    }
    now.addAndGet(100 * MS);

    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(100 * MS);
  }
}
