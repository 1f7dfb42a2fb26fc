package io.cronlog.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WatcherLeaseTest {

  private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

  @Test
  void aLeaseRenewedWithinItsDurationIsCurrent() {
    SystemStatus.Watcher watcher =
        WatcherLease.of("default/cronlog-watcher", spec("watcher-0", 14), NOW);

    assertThat(watcher.holder()).isEqualTo("watcher-0");
    assertThat(watcher.current()).isTrue();
    assertThat(watcher.sinceRenewal()).isEqualTo(Duration.ofSeconds(14));
    assertThat(watcher.acquired()).isEqualTo(NOW.minusSeconds(600));
    assertThat(watcher.transitions()).isEqualTo(2);
    assertThat(watcher.problem()).isNull();
  }

  @Test
  void aLeaseNotRenewedForLongerThanItsDurationLeadsNoOne() {
    assertThat(WatcherLease.of("default/cronlog-watcher", spec("watcher-0", 16), NOW).current())
        .isFalse();
  }

  @Test
  void aLeaseReleasedByItsHolderLeadsNoOne() {
    SystemStatus.Watcher watcher = WatcherLease.of("default/cronlog-watcher", spec("", 1), NOW);

    assertThat(watcher.holder()).isNull();
    assertThat(watcher.current()).isFalse();
  }

  private static LeaseSpec spec(String holder, long renewedSecondsAgo) {
    return new LeaseSpecBuilder()
        .withHolderIdentity(holder)
        .withLeaseDurationSeconds(15)
        .withLeaseTransitions(2)
        .withAcquireTime(NOW.minusSeconds(600).atZone(ZoneOffset.UTC))
        .withRenewTime(NOW.minusSeconds(renewedSecondsAgo).atZone(ZoneOffset.UTC))
        .build();
  }
}
