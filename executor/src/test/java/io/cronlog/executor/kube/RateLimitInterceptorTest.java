package io.cronlog.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RateLimitInterceptorTest {

  KubernetesMockServer server;

  @Test
  void holdsEveryCallOfTheClientToTheRate() {
    try (KubernetesClient limited = server.createClient(builder -> KubernetesClients.customize(builder, 10, 1))) {
      // Warm the client up first, so that its first connection cannot pass for the limit.
      limited.batch().v1().jobs().inNamespace("team-a").withName("warm-up").get();
      long start = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        limited.batch().v1().jobs().inNamespace("team-a").withName("job-" + i).get();
      }
      // The warm-up spent the burst of one; then one call every 100 ms: six take 500 ms at least.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
      assertThat(server.getRequestCount()).isEqualTo(7);
    }
  }
}
