package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The store finds one object by its name from an index; these pin that it finds exactly what the
 * mock's scan of every stored object finds, through creates, updates, patches, deletions and
 * re-creations, with the same name in other namespaces, kinds and groups.
 */
class CrudStoreLookupTest {

  private static final String CONFIG_MAPS_A = "/api/v1/namespaces/a/configmaps";
  private static final String JOBS_A = "/apis/batch/v1/namespaces/a/jobs";

  /** What the steps look up: objects that come and go, twins by name, and names never stored. */
  private static final List<String> PROBES =
      List.of(
          "/api/v1/namespaces/a",
          "/api/v1/namespaces/same",
          CONFIG_MAPS_A + "/same",
          "/api/v1/namespaces/b/configmaps/same",
          "/api/v1/namespaces/a/events/same",
          "/apis/events.k8s.io/v1/namespaces/a/events/same",
          JOBS_A + "/same",
          JOBS_A + "/same/status",
          "/api/v1/namespaces/c/configmaps/same",
          CONFIG_MAPS_A + "/never");

  private final CrudStore store = new CrudStore(new WatchHub(100), Clock.systemUTC());

  @Test
  void findsEachObjectByNameAsAScanOfTheWholeStoreWould() {
    step(HttpMethod.POST, "/api/v1/namespaces", named("Namespace", "v1", "a", null));
    step(HttpMethod.POST, "/api/v1/namespaces", named("Namespace", "v1", "same", null));
    step(HttpMethod.POST, CONFIG_MAPS_A, named("ConfigMap", "v1", "same", "a"));
    step(HttpMethod.POST, "/api/v1/namespaces/b/configmaps", named("ConfigMap", "v1", "same", "b"));
    step(HttpMethod.POST, "/api/v1/namespaces/a/events", named("Event", "v1", "same", "a"));
    step(
        HttpMethod.POST,
        "/apis/events.k8s.io/v1/namespaces/a/events",
        named("Event", "events.k8s.io/v1", "same", "a"));
    step(HttpMethod.POST, JOBS_A, named("Job", "batch/v1", "same", "a"));
    step(
        HttpMethod.PUT,
        JOBS_A + "/same/status",
        "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"same\","
            + "\"namespace\":\"a\"},\"status\":{\"active\":1}}");
    step(
        HttpMethod.PATCH,
        CONFIG_MAPS_A + "/same",
        "{\"metadata\":{\"labels\":{\"team\":\"x\"}},\"data\":{\"k\":\"v\"}}");
    step(HttpMethod.DELETE, CONFIG_MAPS_A + "/same", "");
    step(HttpMethod.POST, CONFIG_MAPS_A, named("ConfigMap", "v1", "same", "a"));
    step(HttpMethod.DELETE, JOBS_A + "/same", "");

    long stored = PROBES.stream().filter(path -> scan(path).isPresent()).count();
    assertThat(stored).as("probes that find an object at the end").isGreaterThanOrEqualTo(5);
  }

  /** Sends one request, then holds every probe's lookups against a scan of the store. */
  private void step(HttpMethod method, String path, String body) {
    MockResponse answer = store.dispatch(request(method, path, body));
    assertThat(answer.code()).as(method + " " + path).isLessThan(300);
    for (String probe : PROBES) {
      Optional<Map.Entry<AttributeSet, String>> scanned = scan(probe);
      String after = "after " + method + " " + path + ", " + probe;
      assertThat(Optional.ofNullable(store.findResource(store.getKey(probe))))
          .as("findResource " + after)
          .isEqualTo(scanned);
      MockResponse got = store.handleGet(probe);
      assertThat(got.code()).as("GET " + after).isEqualTo(scanned.isPresent() ? 200 : 404);
      if (scanned.isPresent()) {
        assertThat(got.getBody().readUtf8()).as("GET " + after).isEqualTo(scanned.get().getValue());
      }
    }
  }

  /** The fabric8 mock's own lookup: the first stored object, in storing order, that matches. */
  private Optional<Map.Entry<AttributeSet, String>> scan(String path) {
    AttributeSet query = store.getKey(path);
    Map<AttributeSet, String> map = store.getMap();
    synchronized (map) {
      return map.entrySet().stream()
          .filter(e -> e.getKey().matches(query))
          .findFirst()
          .map(e -> Map.entry(e.getKey(), e.getValue()));
    }
  }

  private static String named(String kind, String apiVersion, String name, String namespace) {
    return "{\"apiVersion\":\""
        + apiVersion
        + "\",\"kind\":\""
        + kind
        + "\",\"metadata\":{\"name\":\""
        + name
        + "\""
        + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"")
        + "}}";
  }

  private static RecordedRequest request(HttpMethod method, String path, String body) {
    String type = method == HttpMethod.PATCH ? "application/merge-patch+json" : "application/json";
    return CrudStore.request(method, path, type, body);
  }
}
