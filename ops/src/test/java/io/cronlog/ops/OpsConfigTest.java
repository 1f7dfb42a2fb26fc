package io.cronlog.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsConfigTest {

  @Test
  void servesOnPort8080UnlessTold() {
    assertThat(OpsConfig.fromEnvironment(Map.of()).port()).isEqualTo(8080);
    assertThat(OpsConfig.fromEnvironment(Map.of(OpsConfig.PORT, "9100")).port()).isEqualTo(9100);
  }

  @Test
  void namesTheKeyOfABadPort() {
    assertThatThrownBy(() -> OpsConfig.fromEnvironment(Map.of(OpsConfig.PORT, "http")))
        .hasMessageContaining("CRONLOG_OPS_PORT");
    assertThatThrownBy(() -> OpsConfig.fromEnvironment(Map.of(OpsConfig.PORT, "70000")))
        .hasMessageContaining("CRONLOG_OPS_PORT");
  }
}
