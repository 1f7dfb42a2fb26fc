package io.cronlog.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKafkaFileTest {

  @TempDir Path dir;

  @Test
  void namesTheBrokerUntilClosed() throws IOException {
    DevKafkaFile file = DevKafkaFile.write(dir.resolve("dev"), "localhost:40123");

    assertThat(file.path()).isEqualTo(dir.resolve("dev/kafka.properties"));
    assertThat(DevKafkaFile.bootstrapServers(file.path())).isEqualTo("localhost:40123");
    file.close();
    file.close();
    assertThat(file.path()).doesNotExist();
  }

  @Test
  void closingLeavesTheFileOfAnotherDevStackThatTookTheDirectory() throws IOException {
    DevKafkaFile first = DevKafkaFile.write(dir, "localhost:40123");
    DevKafkaFile.write(dir, "localhost:40999");

    first.close();

    assertThat(Files.exists(first.path())).isTrue();
    assertThat(DevKafkaFile.bootstrapServers(first.path())).isEqualTo("localhost:40999");
  }
}
