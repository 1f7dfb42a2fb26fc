package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.devkube.ApiFaults.Kind;
import io.cronlog.devkube.ApiFaults.Rule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The fault switch of the dev API: which requests fail, how, and how watches are cut. */
class ApiFaultsTest {

  private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
  private static final String CONFIGMAP =
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"}}";

  @RegisterExtension final RunningApi dev = new RunningApi(Clock.systemUTC(), null);

  @Test
  void aRuleForCreatesOfOneResourceFailsThoseAndLeavesReadsAndOtherResourcesAlone() {
    dev.api()
        .faults()
        .set(1, List.of(new Rule(Set.of("create"), Set.of("configmaps"), 1.0, Kind.SERVER_ERROR)));

    assertThat(create("refused").code()).isEqualTo(500);
    assertThat(dev.http().get(CONFIGMAPS, "application/json").code()).isEqualTo(200);
    assertThat(
            dev.http()
                .send(
                    "POST",
                    "/api/v1/namespaces/default/secrets",
                    "application/json",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"}}")
                .code())
        .isEqualTo(201);
    assertThat(dev.client().configMaps().withName("refused").get()).isNull();
    assertThat(dev.api().faults().injected(Kind.SERVER_ERROR)).isEqualTo(1);
  }

  @Test
  void tooManyRequestsSaysWhenToRetryAndConflictIsTheApiserversConflict() {
    dev.api()
        .faults()
        .set(1, List.of(new Rule(Set.of("create"), Set.of(), 1.0, Kind.TOO_MANY_REQUESTS)));
    Http.Answer throttled = create("a");
    dev.api().faults().set(1, List.of(new Rule(Set.of("create"), Set.of(), 1.0, Kind.CONFLICT)));
    Http.Answer conflict = create("a");

    assertThat(throttled.code()).isEqualTo(429);
    assertThat(throttled.json().path("reason").asString()).isEqualTo("TooManyRequests");
    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.json().path("reason").asString()).isEqualTo("Conflict");
  }

  @Test
  void aSlowRequestIsAnsweredLateButAnsweredAndApplied() {
    dev.api()
        .faults()
        .set(1, List.of(new Rule(Set.of("create"), Set.of("configmaps"), 1.0, Kind.SLOW)));

    long started = System.nanoTime();
    Http.Answer answer = create("late");

    assertThat(answer.code()).isEqualTo(201);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(ApiFaults.SLOW_DELAY);
    assertThat(dev.client().configMaps().withName("late").get()).isNotNull();
  }

  @Test
  void aShareFailsAboutThatShareOfRequestsAndTheSameSeedFailsTheSameOnes() {
    List<Integer> first = codes(42, 0.3, 200);
    List<Integer> again = codes(42, 0.3, 200);

    long failed = first.stream().filter(code -> code == 500).count();
    assertThat(failed).isBetween(35L, 85L);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void clearedFaultsFailNothing() {
    dev.api().faults().set(1, List.of(new Rule(Set.of(), Set.of(), 1.0, Kind.SERVER_ERROR)));
    dev.api().faults().clear();

    assertThat(create("fine").code()).isEqualTo(201);
  }

  @Test
  void expiringWatchesEndsEachOpenWatchWith410AndExpiresAResumeFromAnOlderVersion()
      throws InterruptedException {
    String before = dev.client().configMaps().list().getMetadata().getResourceVersion();
    BlockingQueue<JsonNode> events =
        dev.http().watch(CONFIGMAPS + "?watch=true", "application/json");
    create("seen");
    assertThat(events.poll(10, TimeUnit.SECONDS).path("type").asString()).isEqualTo("ADDED");
    create("latest");
    assertThat(events.poll(10, TimeUnit.SECONDS).path("type").asString()).isEqualTo("ADDED");

    dev.api().expireWatches();

    JsonNode ended = events.poll(10, TimeUnit.SECONDS);
    assertThat(ended.path("type").asString()).isEqualTo("ERROR");
    assertThat(ended.path("object").path("code").asInt()).isEqualTo(410);
    BlockingQueue<JsonNode> resumed =
        dev.http().watch(CONFIGMAPS + "?watch=true&resourceVersion=" + before, "application/json");
    assertThat(resumed.poll(10, TimeUnit.SECONDS).path("object").path("code").asInt())
        .isEqualTo(410);
    String now = dev.client().configMaps().list().getMetadata().getResourceVersion();
    BlockingQueue<JsonNode> relisted =
        dev.http().watch(CONFIGMAPS + "?watch=true&resourceVersion=" + now, "application/json");
    create("after");
    assertThat(relisted.poll(10, TimeUnit.SECONDS).path("type").asString()).isEqualTo("ADDED");
    assertThat(dev.api().expiredWatches()).isEqualTo(2);
  }

  private List<Integer> codes(long seed, double share, int requests) {
    dev.api()
        .faults()
        .set(
            seed,
            List.of(new Rule(Set.of("list"), Set.of("configmaps"), share, Kind.SERVER_ERROR)));
    return IntStream.range(0, requests)
        .mapToObj(i -> dev.http().get(CONFIGMAPS, "application/json").code())
        .toList();
  }

  private Http.Answer create(String name) {
    return dev.http().send("POST", CONFIGMAPS, "application/json", CONFIGMAP.formatted(name));
  }
}
