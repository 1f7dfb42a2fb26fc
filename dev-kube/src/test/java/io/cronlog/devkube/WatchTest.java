package io.cronlog.devkube;

import static io.cronlog.devkube.EventRecorder.recorder;
import static io.cronlog.devkube.Widgets.widget;
import static io.cronlog.devkube.Widgets.widgets;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class WatchTest {

  @RegisterExtension final RunningApi dev = new RunningApi();

  @Test
  void informerSeesCustomResourcesAddedUpdatedAndDeleted() throws InterruptedException {
    Widgets.install(dev.client());
    widgets(dev.client()).resource(widget("before", "large")).create();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();

    try (SharedIndexInformer<GenericKubernetesResource> informer =
        widgets(dev.client())
            .inAnyNamespace()
            .inform(
                recorder(events, w -> w.getMetadata().getName() + " " + w.get("spec", "size")),
                0)) {
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED before large");

      widgets(dev.client()).resource(widget("after", "small")).create();
      widgets(dev.client())
          .withName("after")
          .edit(
              w -> {
                w.setAdditionalProperty("spec", Map.of("size", "medium"));
                return w;
              });
      widgets(dev.client()).withName("before").delete();

      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED after small");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED after medium");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED before large");
      assertThat(informer.getStore().list())
          .extracting(w -> w.getMetadata().getName())
          .containsExactly("after");
    }
  }

  @Test
  void informerSeesJobStatusChanges() throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (SharedIndexInformer<Job> informer =
        dev.client()
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(
                recorder(
                    events,
                    j ->
                        j.getMetadata().getName()
                            + " active="
                            + (j.getStatus() == null ? null : j.getStatus().getActive())),
                0)) {
      dev.client().batch().v1().jobs().resource(DevKubernetesApiTest.job("j1")).create();
      dev.client()
          .batch()
          .v1()
          .jobs()
          .withName("j1")
          .editStatus(
              j -> {
                j.setStatus(new JobStatusBuilder().withActive(1).build());
                return j;
              });

      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED j1 active=null");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED j1 active=1");
      assertThat(informer.hasSynced()).isTrue();
    }
  }

  @Test
  void httpWatchFromAListVersionSendsOnlyLaterChanges() throws InterruptedException {
    Widgets.install(dev.client());
    widgets(dev.client()).resource(widget("old", "large")).create();
    String listVersion = widgets(dev.client()).list().getMetadata().getResourceVersion();
    widgets(dev.client()).resource(widget("between", "small")).create();

    BlockingQueue<JsonNode> events =
        dev.http()
            .watch(
                "/apis/test.cronlog.io/v1/namespaces/default/widgets?watch=true&resourceVersion="
                    + listVersion,
                "application/json");
    JsonNode first = events.poll(10, TimeUnit.SECONDS);
    widgets(dev.client()).withName("old").delete();
    JsonNode second = events.poll(10, TimeUnit.SECONDS);

    assertThat(first.path("type").asString()).isEqualTo("ADDED");
    assertThat(Json.text(first.path("object"), "metadata", "name")).isEqualTo("between");
    assertThat(second.path("type").asString()).isEqualTo("DELETED");
    assertThat(Json.text(second.path("object"), "metadata", "name")).isEqualTo("old");
    assertThat(Long.parseLong(Json.text(second.path("object"), "metadata", "resourceVersion")))
        .isGreaterThan(
            Long.parseLong(Json.text(first.path("object"), "metadata", "resourceVersion")));
  }

  @Test
  void httpWatchWithoutVersionStartsWithTheCurrentObjects() throws InterruptedException {
    dev.client().batch().v1().jobs().resource(DevKubernetesApiTest.job("j1")).create();

    BlockingQueue<JsonNode> events =
        dev.http().watch("/apis/batch/v1/namespaces/default/jobs?watch=true", "application/json");

    JsonNode first = events.poll(10, TimeUnit.SECONDS);
    assertThat(first.path("type").asString()).isEqualTo("ADDED");
    assertThat(Json.text(first.path("object"), "metadata", "name")).isEqualTo("j1");
  }

  @Test
  void httpWatchAskingForTablesGetsOneRowTables() throws InterruptedException {
    // Watching from the list's version, the created Job arrives whether the watch opens before or
    // after it.
    String listVersion = dev.client().batch().v1().jobs().list().getMetadata().getResourceVersion();
    BlockingQueue<JsonNode> events =
        dev.http()
            .watch(
                "/apis/batch/v1/namespaces/default/jobs?watch=true&resourceVersion=" + listVersion,
                Http.TABLE);

    dev.client().batch().v1().jobs().resource(DevKubernetesApiTest.job("j1")).create();

    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event.path("object").path("kind").asString()).isEqualTo("Table");
    assertThat(event.path("object").path("rows").path(0).path("cells").path(0).asString())
        .isEqualTo("j1");
    assertThat(event.path("object").path("rows").path(0).path("object").path("kind").asString())
        .isEqualTo("PartialObjectMetadata");
  }

  @Test
  void watchFromAVersionOlderThanTheKeptHistoryGetsExpired() throws InterruptedException {
    dev.restart(5);
    for (int i = 0; i < 10; i++) {
      dev.client()
          .configMaps()
          .resource(
              new ConfigMapBuilder().withNewMetadata().withName("cm" + i).endMetadata().build())
          .create();
    }

    BlockingQueue<JsonNode> events =
        dev.http()
            .watch(
                "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=3",
                "application/json");

    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event.path("type").asString()).isEqualTo("ERROR");
    assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(event.path("object").path("reason").asString()).isEqualTo("Expired");
  }
}
