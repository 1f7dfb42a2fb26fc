package io.cronlog.executor;

import io.cronlog.executor.kube.KubernetesClients;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.function.Consumer;

/**
 * Gives the mock server's test client the executor's own client settings (no built-in retries, the
 * rate limit, generous here), so that tests see the API's answers as the executor does.
 */
public final class ExecutorClientCustomizer implements Consumer<KubernetesClientBuilder> {

  @Override
  public void accept(KubernetesClientBuilder builder) {
    KubernetesClients.customize(builder, 1_000, 1_000);
  }
}
