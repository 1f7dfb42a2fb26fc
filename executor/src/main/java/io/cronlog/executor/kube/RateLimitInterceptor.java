package io.cronlog.executor.kube;

import io.cronlog.executor.kube.PriorityTokenBucket.Priority;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Holds every request of one Kubernetes client to its budget, so that a burst of due runs cannot
 * flood the API server, whichever action makes the calls. Events draw on a budget of their own; on
 * the main one, status writes wait while any other call waits, so Job creations go first. Each
 * call's wait is timed, by kind: the count is the API calls made, the sum the throttling.
 */
public final class RateLimitInterceptor implements Interceptor {

  /** The name the interceptor is registered under on the client's HTTP builder. */
  public static final String NAME = "cronlog-rate-limit";

  private final PriorityTokenBucket api;
  private final PriorityTokenBucket events;
  private final Map<RequestKind, Timer> waits = new EnumMap<>(RequestKind.class);

  /**
   * @param api the budget of every call but Events
   * @param events the budget of Events
   */
  public RateLimitInterceptor(PriorityTokenBucket api, PriorityTokenBucket events) {
    this(api, events, new SimpleMeterRegistry());
  }

  /** As the other constructor, each wait timed on {@code registry}. */
  public RateLimitInterceptor(
      PriorityTokenBucket api, PriorityTokenBucket events, MeterRegistry registry) {
    this.api = api;
    this.events = events;
    for (RequestKind kind : RequestKind.values()) {
      waits.put(
          kind,
          Timer.builder("cronlog.executor.api.rate.limit.wait")
              .description(
                  "Kubernetes API calls (count) and how long each waited for the rate limit (sum), by kind")
              .tag("kind", kind.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    RequestKind kind = RequestKind.of(request.method(), request.uri());
    long started = System.nanoTime();
    try {
      switch (kind) {
        // Events are all alike: in the order they come.
        case EVENT -> events.acquire(Priority.PROMPT);
        case STATUS_WRITE -> api.acquire(Priority.DEFERRABLE);
        case OTHER -> api.acquire(Priority.PROMPT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while waiting for the API rate limit", e);
    }
    waits.get(kind).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }
}
