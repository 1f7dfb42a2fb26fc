package io.cronlog.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.runtime.service.Service;
import org.junit.jupiter.api.Test;

/** runtime names each service's Main by its class name: held here, where the classes are seen. */
class ServiceMainClassTest {

  @Test
  void eachServiceNamesTheMainItsContainerRuns() {
    assertThat(Service.WATCHER.mainClass()).isEqualTo(io.cronlog.watcher.Main.class.getName());
    assertThat(Service.SCHEDULER.mainClass()).isEqualTo(io.cronlog.scheduler.Main.class.getName());
    assertThat(Service.EXECUTOR.mainClass()).isEqualTo(io.cronlog.executor.Main.class.getName());
  }
}
