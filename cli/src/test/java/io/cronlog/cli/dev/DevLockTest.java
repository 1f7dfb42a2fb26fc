package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevLockTest {

  @TempDir Path dir;

  @Test
  void refusesASecondHolderInOneLineNamingTheFirst() throws Exception {
    try (DevLock first = DevLock.acquire(dir, "pid 42")) {
      first.describe("pid 42, Kubernetes API http://127.0.0.1:1234, Kafka 127.0.0.1:9092");

      assertThatThrownBy(() -> DevLock.acquire(dir, "pid 43"))
          .isInstanceOf(DevLock.HeldElsewhere.class)
          .hasMessage(
              "cronlog dev is already running in "
                  + dir
                  + " (pid 42, Kubernetes API http://127.0.0.1:1234, Kafka 127.0.0.1:9092); stop it, or start this one"
                  + " in another directory");
    }
  }

  @Test
  void canBeTakenAgainOnceReleased() throws Exception {
    DevLock first = DevLock.acquire(dir, "pid 42");
    first.close();
    first.close();

    try (DevLock second = DevLock.acquire(dir, "pid 43")) {
      assertThat(dir.resolve(DevLock.NAME)).content().isEqualTo("pid 43");
    }
  }
}
