package io.cronlog.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RateLimitInterceptorTest {

  static final String NAMESPACE = "team-a";

  KubernetesMockServer server;

  /** Unlimited: sets up what the limited client then works on. */
  KubernetesClient client;

  /** The requests of the limited client as they reach its rate limit, before they wait there. */
  final BlockingQueue<String> atTheLimit = new LinkedBlockingQueue<>();

  final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void holdsEveryCallOfTheClientToTheRate() {
    try (KubernetesClient limited =
        server.createClient(builder -> KubernetesClients.customize(builder, 10, 1))) {
      // Warm the client up first, so that its first connection cannot pass for the limit.
      limited.batch().v1().jobs().inNamespace(NAMESPACE).withName("warm-up").get();
      long start = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        limited.batch().v1().jobs().inNamespace(NAMESPACE).withName("job-" + i).get();
      }
      // The warm-up spent the burst of one; then one call every 100 ms: six take 500 ms at least.
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(500));
      assertThat(server.getRequestCount()).isEqualTo(7);
    }
  }

  @Test
  void countsEachCallByKindAndTimesItsWaitForTheRate() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KubernetesClient limited =
        server.createClient(
            builder ->
                KubernetesClients.customize(
                    builder, new RateLimit(2, 1), new RateLimit(1000, 1000), registry))) {
      for (int i = 0; i < 3; i++) {
        limited.batch().v1().jobs().inNamespace(NAMESPACE).withName("job-" + i).get();
      }
    }
    Timer other = registry.get("cronlog.executor.api.rate.limit.wait").tag("kind", "other").timer();
    assertThat(other.count()).isEqualTo(3);
    // A burst of one at 2 per second: the third call waited about 500 ms after the second took its
    // token; the second, 500 ms less however long the first took to connect.
    assertThat(other.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(400);
    assertThat(
            registry
                .get("cronlog.executor.api.rate.limit.wait")
                .tag("kind", "event")
                .timer()
                .count())
        .isZero();
  }

  @Test
  void aJobCreationGoesBeforeStatusWritesThatWereWaitingForTheRateBeforeIt() throws Exception {
    List<Job> earlier = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Job job =
          client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job("earlier-" + i)).create();
      job.setStatus(new JobStatusBuilder().withActive(1).build());
      earlier.add(job);
    }
    // One call every 500 ms. Were the Job's creation queued behind the four writes, it would go
    // fifth,
    // 2.5 s after the warm-up; ahead of them it goes at the next token, 0.5 s after. A test thread
    // held up for 1.5 s would still see the order asserted below.
    try (KubernetesClient limited = limitedClient(new RateLimit(2, 1), new RateLimit(1000, 1000))) {
      limited.batch().v1().jobs().inNamespace(NAMESPACE).withName("warm-up").get();
      int before = server.getRequestCount();
      atTheLimit.clear();
      List<CompletableFuture<Job>> writes = new ArrayList<>();
      for (Job job : earlier) {
        writes.add(
            CompletableFuture.supplyAsync(
                () ->
                    limited.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus(),
                callers));
      }
      for (int i = 0; i < 4; i++) {
        assertThat(atTheLimit.poll(30, TimeUnit.SECONDS))
            .as("status write %d at the limit", i)
            .endsWith("/status");
      }

      limited.batch().v1().jobs().inNamespace(NAMESPACE).resource(job("urgent")).create();
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      List<String> served = requestsSince(before);
      assertThat(served).hasSize(5);
      assertThat(served.indexOf("POST /apis/batch/v1/namespaces/team-a/jobs"))
          .as("the creation's place in %s", served)
          .isBetween(0, 2);
    }
  }

  @Test
  void eventsDrawOnTheirOwnBudgetNotOnTheCallsOne() throws Exception {
    // One call every 2 s on the main budget; Events, as many as they like.
    try (KubernetesClient limited =
        limitedClient(new RateLimit(0.5, 1), new RateLimit(1000, 1000))) {
      limited.batch().v1().jobs().inNamespace(NAMESPACE).withName("warm-up").get();
      int before = server.getRequestCount();
      atTheLimit.clear();
      CompletableFuture<Job> read =
          CompletableFuture.supplyAsync(
              () -> limited.batch().v1().jobs().inNamespace(NAMESPACE).withName("waiting").get(),
              callers);
      assertThat(atTheLimit.poll(30, TimeUnit.SECONDS))
          .isEqualTo("GET /apis/batch/v1/namespaces/team-a/jobs/waiting");

      for (int i = 0; i < 3; i++) {
        limited.v1().events().inNamespace(NAMESPACE).resource(coreEvent("core-" + i)).create();
      }
      limited
          .events()
          .v1()
          .events()
          .inNamespace(NAMESPACE)
          .resource(event("events-k8s-io"))
          .create();
      read.get(60, TimeUnit.SECONDS);

      // The read waited for the main budget's next token; the Events, which came after it, did not.
      List<String> served = requestsSince(before);
      assertThat(served).hasSize(5);
      assertThat(served.get(4)).isEqualTo("GET /apis/batch/v1/namespaces/team-a/jobs/waiting");
      assertThat(served.subList(0, 4))
          .allSatisfy(request -> assertThat(request).endsWith("/events"));
    }
  }

  /**
   * A client with the rate limit's interceptor, behind one that notes each request that reaches it.
   */
  private KubernetesClient limitedClient(RateLimit api, RateLimit events) {
    Interceptor noting =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            atTheLimit.add(request.method() + " " + request.uri().getPath());
          }
        };
    RateLimitInterceptor limit =
        new RateLimitInterceptor(new PriorityTokenBucket(api), new PriorityTokenBucket(events));
    return server.createClient(
        builder ->
            builder.withHttpClientBuilderConsumer(
                http ->
                    http.addOrReplaceInterceptor("noting", noting)
                        .addOrReplaceInterceptor(RateLimitInterceptor.NAME, limit)));
  }

  /** The requests the server took after the first {@code count}, in order, as "METHOD path". */
  private List<String> requestsSince(int count) throws InterruptedException {
    List<String> requests = new ArrayList<>();
    int total = server.getRequestCount();
    for (int i = 0; i < total; i++) {
      RecordedRequest request = server.takeRequest(30, TimeUnit.SECONDS);
      if (i >= count) {
        requests.add(request.getMethod() + " " + request.getPath().replaceFirst("\\?.*", ""));
      }
    }
    return requests;
  }

  private static Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .withRestartPolicy("Never")
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Event coreEvent(String name) {
    return new io.fabric8.kubernetes.api.model.EventBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build())
        .withInvolvedObject(new ObjectReferenceBuilder().withKind("Job").withName("urgent").build())
        .withReason("SuccessfulCreate")
        .build();
  }

  private static io.fabric8.kubernetes.api.model.events.v1.Event event(String name) {
    return new EventBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build())
        .withReason("SuccessfulCreate")
        .build();
  }
}
