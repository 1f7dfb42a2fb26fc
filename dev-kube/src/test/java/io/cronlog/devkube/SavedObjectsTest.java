package io.cronlog.devkube;

import static io.cronlog.devkube.Widgets.widget;
import static io.cronlog.devkube.Widgets.widgets;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objects of an API started with a state file, as the next API started on that file serves
 * them.
 */
class SavedObjectsTest {

  @TempDir Path dir;

  private Path state() {
    return dir.resolve("kubernetes.json");
  }

  @Test
  void objectsComeBackWithTheirUidsCreationTimesAndResourceVersions() {
    GenericKubernetesResource widget;
    Job job;
    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      assertThat(api.restored()).isFalse();
      Widgets.install(client);
      widget = widgets(client).resource(widget("w1", "large")).create();
      job = client.batch().v1().jobs().resource(job("j1")).create();
      client.batch().v1().jobs().resource(job("j2")).create();
      client.batch().v1().jobs().withName("j2").delete();
    }

    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      assertThat(api.restored()).isTrue();
      GenericKubernetesResource back = widgets(client).withName("w1").get();
      assertThat(back.getMetadata().getUid()).isEqualTo(widget.getMetadata().getUid());
      assertThat(back.getMetadata().getCreationTimestamp())
          .isEqualTo(widget.getMetadata().getCreationTimestamp());
      assertThat(back.getMetadata().getResourceVersion())
          .isEqualTo(widget.getMetadata().getResourceVersion());
      assertThat(client.batch().v1().jobs().list().getItems())
          .singleElement()
          .satisfies(
              j -> assertThat(j.getMetadata().getUid()).isEqualTo(job.getMetadata().getUid()));
      assertThat(client.namespaces().list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .containsExactlyInAnyOrder("default", "kube-system");
    }
  }

  @Test
  void uidsAreRandomSoThatNoLaterRunHandsOutOneASavedObjectHas() {
    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      Job job = client.batch().v1().jobs().resource(job("j1")).create();

      assertThat(UUID.fromString(job.getMetadata().getUid()).version()).isEqualTo(4);
      assertThat(client.batch().v1().jobs().withName("j1").get().getMetadata().getUid())
          .isEqualTo(job.getMetadata().getUid());
    }
  }

  @Test
  void versionsHandedOutAfterARestartAreAboveEverySavedOne() {
    long saved;
    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      client.batch().v1().jobs().resource(job("j1")).create();
      Job deleted = client.batch().v1().jobs().resource(job("j2")).create();
      client.batch().v1().jobs().withName("j2").delete();
      saved = Long.parseLong(deleted.getMetadata().getResourceVersion()) + 1;
    }

    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      Job created = client.batch().v1().jobs().resource(job("j3")).create();
      assertThat(Long.parseLong(created.getMetadata().getResourceVersion())).isGreaterThan(saved);
    }
  }

  @Test
  void aRestoredCustomResourceKeepsItsStatusSubresource() {
    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      Widgets.install(client);
      widgets(client).resource(widget("w1", "large")).create();
    }

    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      widgets(client)
          .withName("w1")
          .edit(
              w -> {
                w.setAdditionalProperties(
                    Map.of("spec", Map.of("size", "small"), "status", Map.of("ready", true)));
                return w;
              });
      GenericKubernetesResource latest = widgets(client).withName("w1").get();
      assertThat(latest.<String>get("spec", "size")).isEqualTo("small");
      assertThat(latest.<Object>get("status")).isNull();
    }
  }

  @Test
  void aWatchFromTheListAfterARestartSeesTheNextChange() throws Exception {
    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      client.batch().v1().jobs().resource(job("j1")).create();
    }

    try (DevKubernetesApi api = DevKubernetesApi.start(0, state());
        KubernetesClient client = api.newClient()) {
      String listVersion = client.batch().v1().jobs().list().getMetadata().getResourceVersion();
      BlockingQueue<String> seen = new LinkedBlockingQueue<>();
      try (Watch watch =
          client
              .batch()
              .v1()
              .jobs()
              .withResourceVersion(listVersion)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Job job) {
                      seen.add(action + " " + job.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                      seen.add("closed " + cause.getMessage());
                    }
                  })) {
        client.batch().v1().jobs().resource(job("j2")).create();
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED j2");
      }
    }
  }

  @Test
  void anApiWithoutAStateFileKeepsNothing() {
    try (DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      client.batch().v1().jobs().resource(job("j1")).create();
    }
    assertThat(dir).isEmptyDirectory();
    assertThat(Files.exists(state())).isFalse();
  }

  private static Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
