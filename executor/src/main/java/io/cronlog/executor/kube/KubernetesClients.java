package io.cronlog.executor.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Builds the executor's Kubernetes client: fabric8's auto-configuration plus cronlog's rate limit. */
public final class KubernetesClients {

  private KubernetesClients() {}

  /** A client from kubeconfig or the in-cluster service account, limited to {@code qps}/{@code burst}. */
  public static KubernetesClient rateLimited(double qps, int burst) {
    return customize(new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)), qps, burst).build();
  }

  /** Applies cronlog's settings to a builder that has its configuration; tests use it on the mock's. */
  public static KubernetesClientBuilder customize(KubernetesClientBuilder builder, double qps, int burst) {
    TokenBucket bucket = new TokenBucket(qps, burst, System::nanoTime);
    return builder
        // Retries belong to the executor's loop, which parks one ScheduledJob's commands and goes
        // on with the others; the client's own retries would hold up every partition while they wait.
        .editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig()
        .withHttpClientBuilderConsumer(
            http -> http.addOrReplaceInterceptor(RateLimitInterceptor.NAME, new RateLimitInterceptor(bucket)));
  }
}
