package io.cronlog.executor.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Builds the executor's Kubernetes client: fabric8's auto-configuration plus cronlog's rate limits.
 */
public final class KubernetesClients {

  private KubernetesClients() {}

  /**
   * A client from kubeconfig or the in-cluster service account, limited to {@code api} for every
   * call but Events and to {@code events} for those; the calls and their waits are timed on {@code
   * registry}.
   */
  public static KubernetesClient rateLimited(
      RateLimit api, RateLimit events, MeterRegistry registry) {
    return customize(
            new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)),
            api,
            events,
            registry)
        .build();
  }

  /**
   * Requests in the air at once: the most workers (64) and then some; the rate limits pace them.
   */
  static final int MAX_CONCURRENT_REQUESTS = 96;

  /**
   * Applies cronlog's settings to a builder that has its configuration; tests use it on the mock's.
   */
  public static KubernetesClientBuilder customize(
      KubernetesClientBuilder builder, RateLimit api, RateLimit events) {
    return customize(builder, api, events, new SimpleMeterRegistry());
  }

  /**
   * As {@link #customize(KubernetesClientBuilder, RateLimit, RateLimit)}, the calls and their waits
   * timed on {@code registry}.
   */
  public static KubernetesClientBuilder customize(
      KubernetesClientBuilder builder, RateLimit api, RateLimit events, MeterRegistry registry) {
    RateLimitInterceptor limit =
        new RateLimitInterceptor(
            new PriorityTokenBucket(api), new PriorityTokenBucket(events), registry);
    return builder
        // Retries belong to the executor's loop, which parks one ScheduledJob's commands and goes
        // on with the others; the client's own retries would hold up every partition while they
        // wait.
        .editOrNewConfig()
        .withRequestRetryBackoffLimit(0)
        // fabric8 lets 5 requests at a time go to one host and queues the rest, failing them after
        // the request timeout: the workers, the status writers, the Event senders and the watch
        // behind the cache are more than that, so their turns are the budget's to give, not a
        // pool's.
        .withMaxConcurrentRequestsPerHost(MAX_CONCURRENT_REQUESTS)
        .withMaxConcurrentRequests(MAX_CONCURRENT_REQUESTS)
        .endConfig()
        .withHttpClientBuilderConsumer(
            http -> http.addOrReplaceInterceptor(RateLimitInterceptor.NAME, limit));
  }

  /**
   * As {@link #customize(KubernetesClientBuilder, RateLimit, RateLimit)} with one budget of {@code
   * qps}/{@code burst} for calls and another as large for Events, so that a caller who names one
   * limit (a test, a benchmark) is never held back by Events more than by the calls themselves.
   */
  public static KubernetesClientBuilder customize(
      KubernetesClientBuilder builder, double qps, int burst) {
    RateLimit limit = new RateLimit(qps, burst);
    return customize(builder, limit, limit);
  }
}
