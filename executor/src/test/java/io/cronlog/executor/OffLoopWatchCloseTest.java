package io.cronlog.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/** The mock API of {@link MockApi#crudServer()} goes on answering when a client drops a watch. */
class OffLoopWatchCloseTest {

  static final int WRITERS = 4;
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

  KubernetesMockServer server;
  KubernetesClient client;
  final AtomicBoolean writing = new AtomicBoolean(true);
  final ExecutorService writers = Executors.newFixedThreadPool(WRITERS);

  @BeforeEach
  void startApi() {
    server = MockApi.crudServer();
    client = server.createClient();
  }

  @AfterEach
  void stopApi() {
    writing.set(false);
    writers.shutdownNow();
    client.close();
    server.destroy();
  }

  /**
   * The stall needs an event on its way to the watch as it closes, so events flow all along. With
   * the plain CRUD dispatcher of kubernetes-server-mock 8.0.0 each of three tries failed here.
   */
  @RepeatedTest(3)
  void answersOtherCallsWhileAWatchWithEventsOnTheirWayIsClosed() throws Exception {
    List<String> names = IntStream.range(0, WRITERS).mapToObj(i -> "cm-" + i).toList();
    names.forEach(name -> client.configMaps().resource(configMap(name, 0)).create());
    AtomicInteger seen = new AtomicInteger();
    try (KubernetesClient watching = server.createClient()) {
      Watch watch = watching.configMaps().watch(counting(seen));
      for (String name : names) {
        writers.execute(() -> edit(name));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.get() >= 200);

      watch.close();

      for (int i = 0; i < 20; i++) {
        assertThat(CompletableFuture.supplyAsync(() -> client.configMaps().withName("cm-0").get()))
            .succeedsWithin(ANSWER_WITHIN);
      }
    }
  }

  /** Replaces the ConfigMap again and again, each time a MODIFIED event for the watch. */
  private void edit(String name) {
    for (int version = 1; writing.get(); version++) {
      client.configMaps().resource(configMap(name, version)).update();
    }
  }

  private static ConfigMap configMap(String name, int version) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(Map.of("version", Integer.toString(version)))
        .build();
  }

  private static Watcher<ConfigMap> counting(AtomicInteger seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.incrementAndGet();
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
