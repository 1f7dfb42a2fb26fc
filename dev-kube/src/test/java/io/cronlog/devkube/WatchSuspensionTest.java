package io.cronlog.devkube;

import static io.cronlog.devkube.EventRecorder.recorder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Suspended watches: how tests make a client lose its watch and resume it after the history moved
 * on.
 */
class WatchSuspensionTest {

  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps?watch=true";
  private static final int HISTORY = 3;

  @RegisterExtension final RunningApi dev = new RunningApi(Clock.systemUTC(), HISTORY);

  @Test
  void suspendingWatchesEndsTheOpenOnes() throws InterruptedException {
    BlockingQueue<JsonNode> events = dev.http().watch(CONFIGMAPS, "application/json");
    configMap("seen", "1");
    assertThat(events.poll(10, TimeUnit.SECONDS).path("type").asString()).isEqualTo("ADDED");

    dev.api().suspendWatches();

    assertThat(events.poll(10, TimeUnit.SECONDS).path("type").asString()).isEqualTo(Http.ENDED);
  }

  @Test
  void aWatchAskedForWhileSuspendedGetsNothingUntilResumedThenTheChangesAfterItsVersion()
      throws InterruptedException {
    String listVersion = dev.client().configMaps().list().getMetadata().getResourceVersion();
    dev.api().suspendWatches();
    BlockingQueue<JsonNode> events =
        dev.http().watch(CONFIGMAPS + "&resourceVersion=" + listVersion, "application/json");
    await().atMost(Duration.ofSeconds(10)).until(() -> dev.api().heldWatches() == 1);

    configMap("meanwhile", "1");
    assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
    dev.api().resumeWatches();

    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event.path("type").asString()).isEqualTo("ADDED");
    assertThat(Json.text(event.path("object"), "metadata", "name")).isEqualTo("meanwhile");
    assertThat(dev.api().expiredWatches()).isZero();
  }

  @Test
  void aHeldWatchWhoseVersionLeftTheHistoryMeanwhileIsExpiredOnResumeAndCounted()
      throws InterruptedException {
    String listVersion = dev.client().configMaps().list().getMetadata().getResourceVersion();
    dev.api().suspendWatches();
    BlockingQueue<JsonNode> events =
        dev.http().watch(CONFIGMAPS + "&resourceVersion=" + listVersion, "application/json");
    await().atMost(Duration.ofSeconds(10)).until(() -> dev.api().heldWatches() == 1);
    for (int i = 0; i <= HISTORY; i++) {
      configMap("filler-" + i, "1");
    }

    dev.api().resumeWatches();

    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event.path("type").asString()).isEqualTo("ERROR");
    assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
    assertThat(events.poll(10, TimeUnit.SECONDS).path("type").asString()).isEqualTo(Http.ENDED);
    assertThat(dev.api().expiredWatches()).isEqualTo(1);
  }

  @Test
  void anInformerWhoseResumeIsExpiredListsAgainAndReportsOnlyWhatChanged()
      throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (SharedIndexInformer<ConfigMap> informer =
        dev.client()
            .configMaps()
            .inform(
                recorder(
                    events,
                    (ConfigMap cm) -> cm.getMetadata().getName() + " v" + cm.getData().get("v")),
                0)) {
      // Created after the informer listed, so its watch has seen events: fabric8 would take a watch
      // that ends before its first event for a 410 of its own, and relist without asking us.
      ConfigMap changed = configMap("changed", "1");
      configMap("kept", "1");
      configMap("gone", "1");
      assertThat(take(events, 3))
          .containsExactlyInAnyOrder("ADDED changed v1", "ADDED kept v1", "ADDED gone v1");

      dev.api().suspendWatches();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> dev.api().heldWatches() == 1); // fabric8 asked again
      dev.client().configMaps().withName("gone").delete();
      dev.client()
          .configMaps()
          .resource(new ConfigMapBuilder(changed).withData(Map.of("v", "2")).build())
          .update();
      configMap("added", "1");
      configMap("filler", "1");
      dev.api().resumeWatches();

      assertThat(take(events, 4))
          .containsExactlyInAnyOrder(
              "DELETED gone v1 (final state unknown)",
              "MODIFIED changed v2",
              "ADDED added v1",
              "ADDED filler v1");
      // Nothing for "kept", nor any repeat: the next callback is a change made after the relist.
      configMap("marker", "1");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED marker v1");
      assertThat(dev.api().expiredWatches()).isEqualTo(1);
      assertThat(informer.getStore().list())
          .extracting(cm -> cm.getMetadata().getName())
          .containsExactlyInAnyOrder("changed", "kept", "added", "filler", "marker");
    }
  }

  private ConfigMap configMap(String name, String version) {
    return dev.client()
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withData(Map.of("v", version))
                .build())
        .create();
  }

  private static List<String> take(BlockingQueue<String> events, int count)
      throws InterruptedException {
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String event = events.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("event %d of %d; got %s", i + 1, count, taken).isNotNull();
      taken.add(event);
    }
    return taken;
  }
}
