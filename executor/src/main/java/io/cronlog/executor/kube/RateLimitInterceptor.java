package io.cronlog.executor.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Holds every request of one Kubernetes client to a shared {@link TokenBucket}, so that a burst of
 * due runs cannot flood the API server, whichever action makes the calls.
 */
public final class RateLimitInterceptor implements Interceptor {

  /** The name the interceptor is registered under on the client's HTTP builder. */
  public static final String NAME = "cronlog-rate-limit";

  private final TokenBucket bucket;

  public RateLimitInterceptor(TokenBucket bucket) {
    this.bucket = bucket;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    try {
      bucket.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while waiting for the API rate limit", e);
    }
  }
}
