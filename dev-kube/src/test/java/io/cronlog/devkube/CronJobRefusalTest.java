package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CronJobRefusalTest {

  @RegisterExtension final RunningApi dev = new RunningApi();

  @Test
  void refusesToStoreACronJobItWouldNeverRunAndSaysHowToConvertIt() {
    assertThatThrownBy(
            () -> dev.client().batch().v1().cronjobs().resource(cronJob("hello")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getStatus().getReason()).isEqualTo("BadRequest");
              assertThat(e.getStatus().getMessage())
                  .contains("ScheduledJob", "cronlog.io/v1", "Converting a CronJob");
            });
    assertThat(dev.client().batch().v1().cronjobs().inAnyNamespace().list().getItems()).isEmpty();
  }

  static CronJob cronJob(String name) {
    return new CronJobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withSchedule("* * * * *")
        .withNewJobTemplate()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }
}
