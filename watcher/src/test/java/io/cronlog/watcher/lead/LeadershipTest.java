package io.cronlog.watcher.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LeadershipTest {

  private final AtomicBoolean leaseHeld = new AtomicBoolean(true);
  private final Leadership leadership = new Leadership(leaseHeld::get);

  @Test
  void letsATermPublishWhileTheLeaseIsSurelyHeld() {
    assertThatNoException().isThrownBy(leadership::check);
    assertThat(leadership.isLost()).isFalse();
  }

  @Test
  void staysLostOnceTheLeaseWasNotSurelyHeldEvenIfARenewalFollows() {
    leaseHeld.set(false);
    assertThatThrownBy(leadership::check).isInstanceOf(LeaseLost.class);

    leaseHeld.set(true); // a late renewal does not hand this term its leadership back

    assertThat(leadership.isLost()).isTrue();
    assertThatThrownBy(leadership::check)
        .isInstanceOf(LeaseLost.class)
        .hasMessageContaining("given up");
  }

  @Test
  void refusesEveryCheckOnceGivenUp() {
    leadership.giveUp();

    assertThatThrownBy(leadership::check).isInstanceOf(LeaseLost.class);
  }
}
