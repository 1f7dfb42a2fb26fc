package io.cronlog.executor.kube;

import io.cronlog.executor.kube.PriorityTokenBucket.Priority;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Holds every request of one Kubernetes client to its budget, so that a burst of due runs cannot
 * flood the API server, whichever action makes the calls. Events draw on a budget of their own;
 * on the main one, status writes wait while any other call waits, so Job creations go first.
 */
public final class RateLimitInterceptor implements Interceptor {

  /** The name the interceptor is registered under on the client's HTTP builder. */
  public static final String NAME = "cronlog-rate-limit";

  private final PriorityTokenBucket api;
  private final PriorityTokenBucket events;

  /**
   * @param api the budget of every call but Events
   * @param events the budget of Events
   */
  public RateLimitInterceptor(PriorityTokenBucket api, PriorityTokenBucket events) {
    this.api = api;
    this.events = events;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    try {
      switch (RequestKind.of(request.method(), request.uri())) {
        // Events are all alike: in the order they come.
        case EVENT -> events.acquire(Priority.PROMPT);
        case STATUS_WRITE -> api.acquire(Priority.DEFERRABLE);
        case OTHER -> api.acquire(Priority.PROMPT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while waiting for the API rate limit", e);
    }
  }
}
