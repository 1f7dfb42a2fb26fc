package io.cronlog.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.audit.read.DevKafkaFile;
import io.cronlog.audit.read.TrailUnavailableException;
import io.cronlog.cli.CommandContext;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.service.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceEnvironmentTest {

  @TempDir Path work;

  @Test
  void anEnvironmentThatNamesAKafkaIsTakenAsItIs() throws Exception {
    runningDev();
    Map<String, String> env =
        Map.of(KafkaSettings.BOOTSTRAP_SERVERS, "kafka:9092", "KUBECONFIG", "/etc/kube");

    assertThat(ServiceEnvironment.of(Service.EXECUTOR, context(env))).isEqualTo(env);
  }

  @Test
  void besideARunningCronlogDevAServiceJoinsItsBrokerApiAndPartitions() throws Exception {
    runningDev();

    Map<String, String> env =
        ServiceEnvironment.of(Service.SCHEDULER, context(Map.of("HOME", "/h")));

    assertThat(env)
        .containsEntry(KafkaSettings.BOOTSTRAP_SERVERS, "localhost:40404")
        .containsEntry(KafkaSettings.PARTITIONS, "6")
        .containsEntry("KUBECONFIG", work.resolve(".cronlog/dev/kubeconfig").toString())
        .containsEntry("HOME", "/h")
        .doesNotContainKey(ExecutorConfig.API_QPS);
  }

  @Test
  void anExecutorJoiningCronlogDevGetsItsApiBudgetUnlessTheUserSetsOne() throws Exception {
    runningDev();

    assertThat(ServiceEnvironment.of(Service.EXECUTOR, context(Map.of())))
        .containsEntry(ExecutorConfig.API_QPS, "500");
    assertThat(
            ServiceEnvironment.of(Service.EXECUTOR, context(Map.of(ExecutorConfig.API_QPS, "7"))))
        .containsEntry(ExecutorConfig.API_QPS, "7");
  }

  @Test
  void withNoKafkaNamedAndNoCronlogDevItSaysWhatToDo() {
    assertThatThrownBy(() -> ServiceEnvironment.of(Service.WATCHER, context(Map.of())))
        .isInstanceOf(TrailUnavailableException.class)
        .hasMessageContaining("set " + KafkaSettings.BOOTSTRAP_SERVERS)
        .hasMessageContaining("start cronlog dev in this directory");
  }

  private void runningDev() throws Exception {
    Path dev = Files.createDirectories(work.resolve(".cronlog/dev"));
    DevKafkaFile.write(dev, "localhost:40404");
    Files.writeString(dev.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
  }

  private CommandContext context(Map<String, String> env) {
    return new CommandContext(Clock.systemUTC(), env, work);
  }
}
