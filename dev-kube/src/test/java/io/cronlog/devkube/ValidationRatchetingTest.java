package io.cronlog.devkube;

import static io.cronlog.devkube.Widgets.widget;
import static io.cronlog.devkube.Widgets.widgets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Updates are validated as Kubernetes ratchets CEL rules since 1.30: a rule on a value the update
 * leaves as it was is not evaluated, so a widget stored before its CRD forbade red keeps taking
 * status writes, while any change of its spec, and any new red widget, is refused.
 */
class ValidationRatchetingTest {

  @RegisterExtension final RunningApi dev = new RunningApi();

  private KubernetesClient client;

  @BeforeEach
  void aRedWidgetStoredBeforeTheRuleForbadeRed() {
    client = dev.client();
    Widgets.install(client);
    widgets(client).resource(red("old-red")).create();
    Widgets.editSpecSchema(
        client,
        spec ->
            spec.setXKubernetesValidations(
                List.of(
                    new ValidationRuleBuilder()
                        .withRule("self.color != 'red'")
                        .withMessage("no red")
                        .build())));
  }

  @Test
  void aStatusWriteIsAdmittedOverASpecStoredUnderOlderRules() {
    GenericKubernetesResource stored = widgets(client).withName("old-red").get();
    stored.setAdditionalProperty("status", Map.of("ready", true));

    widgets(client).resource(stored).updateStatus();

    assertThat(widgets(client).withName("old-red").get().<Boolean>get("status", "ready")).isTrue();
  }

  @Test
  void anUpdateThatChangesTheSpecIsCheckedAgainstItsRules() {
    GenericKubernetesResource stored = widgets(client).withName("old-red").get();
    stored.<Map<String, Object>>get("spec").put("size", "large");

    assertThatThrownBy(() -> widgets(client).resource(stored).update())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("no red");
  }

  @Test
  void aNewObjectIsCheckedAgainstEveryRule() {
    assertThatThrownBy(() -> widgets(client).resource(red("new-red")).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("no red");
  }

  private static GenericKubernetesResource red(String name) {
    GenericKubernetesResource red = widget(name, "small");
    red.setAdditionalProperty("spec", Map.of("size", "small", "color", "red"));
    return red;
  }
}
