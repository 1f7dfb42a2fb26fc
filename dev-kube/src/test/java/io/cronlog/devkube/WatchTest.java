package io.cronlog.devkube;

import static io.cronlog.devkube.EventRecorder.recorder;
import static io.cronlog.devkube.Widgets.widget;
import static io.cronlog.devkube.Widgets.widgets;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WatchTest {

  private DevKubernetesApi api;
  private KubernetesClient client;
  private Http http;

  @BeforeEach
  void start() {
    api = DevKubernetesApi.start(0);
    client = api.newClient();
    http = new Http(api.url());
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void informerSeesCustomResourcesAddedUpdatedAndDeleted() throws InterruptedException {
    Widgets.install(client);
    widgets(client).resource(widget("before", "large")).create();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();

    try (SharedIndexInformer<GenericKubernetesResource> informer = widgets(client).inAnyNamespace()
        .inform(recorder(events, w -> w.getMetadata().getName() + " " + w.get("spec", "size")), 0)) {
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED before large");

      widgets(client).resource(widget("after", "small")).create();
      widgets(client).withName("after").edit(w -> {
        w.setAdditionalProperty("spec", Map.of("size", "medium"));
        return w;
      });
      widgets(client).withName("before").delete();

      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED after small");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED after medium");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED before large");
      assertThat(informer.getStore().list()).extracting(w -> w.getMetadata().getName()).containsExactly("after");
    }
  }

  @Test
  void informerSeesJobStatusChanges() throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (SharedIndexInformer<Job> informer = client.batch().v1().jobs().inAnyNamespace().inform(
        recorder(events, j -> j.getMetadata().getName() + " active=" + (j.getStatus() == null ? null
            : j.getStatus().getActive())), 0)) {
      client.batch().v1().jobs().resource(DevKubernetesApiTest.job("j1")).create();
      client.batch().v1().jobs().withName("j1").editStatus(j -> {
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
    Widgets.install(client);
    widgets(client).resource(widget("old", "large")).create();
    String listVersion = widgets(client).list().getMetadata().getResourceVersion();
    widgets(client).resource(widget("between", "small")).create();

    BlockingQueue<JsonNode> events = http.watch(
        "/apis/test.cronlog.io/v1/namespaces/default/widgets?watch=true&resourceVersion=" + listVersion,
        "application/json");
    JsonNode first = events.poll(10, TimeUnit.SECONDS);
    widgets(client).withName("old").delete();
    JsonNode second = events.poll(10, TimeUnit.SECONDS);

    assertThat(first.path("type").asString()).isEqualTo("ADDED");
    assertThat(Json.text(first.path("object"), "metadata", "name")).isEqualTo("between");
    assertThat(second.path("type").asString()).isEqualTo("DELETED");
    assertThat(Json.text(second.path("object"), "metadata", "name")).isEqualTo("old");
    assertThat(Long.parseLong(Json.text(second.path("object"), "metadata", "resourceVersion")))
        .isGreaterThan(Long.parseLong(Json.text(first.path("object"), "metadata", "resourceVersion")));
  }

  @Test
  void httpWatchWithoutVersionStartsWithTheCurrentObjects() throws InterruptedException {
    client.batch().v1().jobs().resource(DevKubernetesApiTest.job("j1")).create();

    BlockingQueue<JsonNode> events = http.watch("/apis/batch/v1/namespaces/default/jobs?watch=true",
        "application/json");

    JsonNode first = events.poll(10, TimeUnit.SECONDS);
    assertThat(first.path("type").asString()).isEqualTo("ADDED");
    assertThat(Json.text(first.path("object"), "metadata", "name")).isEqualTo("j1");
  }

  @Test
  void httpWatchAskingForTablesGetsOneRowTables() throws InterruptedException {
    // Watching from the list's version, the created Job arrives whether the watch opens before or after it.
    String listVersion = client.batch().v1().jobs().list().getMetadata().getResourceVersion();
    BlockingQueue<JsonNode> events = http.watch(
        "/apis/batch/v1/namespaces/default/jobs?watch=true&resourceVersion=" + listVersion, Http.TABLE);

    client.batch().v1().jobs().resource(DevKubernetesApiTest.job("j1")).create();

    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event.path("object").path("kind").asString()).isEqualTo("Table");
    assertThat(event.path("object").path("rows").path(0).path("cells").path(0).asString()).isEqualTo("j1");
    assertThat(event.path("object").path("rows").path(0).path("object").path("kind").asString())
        .isEqualTo("PartialObjectMetadata");
  }

  @Test
  void watchFromAVersionOlderThanTheKeptHistoryGetsExpired() throws InterruptedException {
    api.close();
    api = DevKubernetesApi.start(0, Clock.systemUTC(), 5);
    client.close();
    client = api.newClient();
    http = new Http(api.url());
    for (int i = 0; i < 10; i++) {
      client.configMaps().resource(new ConfigMapBuilder()
          .withNewMetadata().withName("cm" + i).endMetadata().build()).create();
    }

    BlockingQueue<JsonNode> events = http.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=3",
        "application/json");

    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event.path("type").asString()).isEqualTo("ERROR");
    assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(event.path("object").path("reason").asString()).isEqualTo("Expired");
  }
}
