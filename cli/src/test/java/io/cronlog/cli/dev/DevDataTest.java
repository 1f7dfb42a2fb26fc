package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevDataTest {

  @TempDir Path dir;

  @Test
  void aNewDirectoryHasNothingKept() throws Exception {
    DevData data = DevData.in(dir.resolve("data"), false);

    assertThat(data.kept()).isFalse();
    assertThat(data.kafka()).isEqualTo(dir.resolve("data/kafka"));
    assertThat(data.objects()).isEqualTo(dir.resolve("data/kubernetes.json"));
  }

  @Test
  void theBrokersDataAndTheObjectsOfAnEarlierRunAreKeptTogether() throws Exception {
    earlierRun();

    assertThat(DevData.in(dir, false).kept()).isTrue();
    assertThat(dir.resolve("kafka/combined_0_0/meta.properties")).exists();
  }

  @Test
  void freshDeletesBothAndLeavesTheRestOfTheDirectory() throws Exception {
    earlierRun();
    Path lock = Files.writeString(dir.resolve(DevLock.NAME), "pid 1");

    DevData data = DevData.in(dir, true);

    assertThat(data.kept()).isFalse();
    assertThat(dir.resolve("kafka")).doesNotExist();
    assertThat(dir.resolve("kubernetes.json")).doesNotExist();
    assertThat(lock).exists();
  }

  @Test
  void theObjectsWithoutTheBrokersDataAreRefusedInOneLineNamingFresh() throws Exception {
    earlierRun();
    Files.walk(dir.resolve("kafka"))
        .sorted((a, b) -> b.compareTo(a))
        .forEach(p -> p.toFile().delete());

    assertThatThrownBy(() -> DevData.in(dir, false))
        .isInstanceOf(DevData.Unusable.class)
        .hasMessage(
            dir
                + " holds the Kubernetes objects but not the Kafka data of an earlier cronlog dev;"
                + " start with --fresh to begin empty");
  }

  @Test
  void theBrokersDataWithoutTheObjectsIsRefused() throws Exception {
    earlierRun();
    Files.delete(dir.resolve("kubernetes.json"));

    assertThatThrownBy(() -> DevData.in(dir, false))
        .isInstanceOf(DevData.Unusable.class)
        .hasMessageContaining("holds the Kafka data but not the Kubernetes objects");
  }

  private void earlierRun() throws Exception {
    Files.createDirectories(dir.resolve("kafka/combined_0_0"));
    Files.writeString(dir.resolve("kafka/combined_0_0/meta.properties"), "cluster.id=x\n");
    Files.writeString(dir.resolve("kubernetes.json"), "{\"resourceVersion\":3,\"objects\":[]}");
  }
}
