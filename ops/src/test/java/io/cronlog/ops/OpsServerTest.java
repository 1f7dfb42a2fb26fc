package io.cronlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void probesAnswerWhatTheServiceSaysOfItself() throws Exception {
    AtomicReference<Health.Status> status =
        new AtomicReference<>(Health.Status.starting("restoring partition 3"));
    try (OpsServer server = OpsServer.start(0, status::get, Metrics.registryFor("test"))) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(server, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("not ok: restoring partition 3\n");

      status.set(Health.Status.up("6 partitions"));
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);

      status.set(Health.Status.down("fenced by a newer watcher"));
      assertThat(get(server, "/healthz").body()).isEqualTo("not ok: fenced by a newer watcher\n");
    }
  }

  @Test
  void aFailingHealthCheckIsReportedAsDownNotAsAServerError() throws Exception {
    try (OpsServer server =
        OpsServer.start(
            0,
            () -> {
              throw new IllegalStateException("boom");
            },
            Metrics.registryFor("test"))) {
      HttpResponse<String> response = get(server, "/healthz");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("boom");
    }
  }

  @Test
  void servesTheRegistryInPrometheusTextFormatWithTheServiceTag() throws Exception {
    PrometheusMeterRegistry registry = Metrics.registryFor("executor");
    registry.counter("cronlog_outcomes", "result", "CREATED").increment(3);
    try (OpsServer server = OpsServer.start(0, () -> Health.Status.up("ok"), registry)) {
      HttpResponse<String> response = get(server, "/metrics");
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(response.body())
          .contains("cronlog_outcomes_total{result=\"CREATED\",service=\"executor\"} 3.0")
          .contains("jvm_memory_used_bytes");
    }
  }

  private HttpResponse<String> get(OpsServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
