package io.cronlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final FatalErrors fatal = new FatalErrors();

  @Test
  void anUncaughtErrorOnAServiceThreadFailsHealth() throws Exception {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(fatal.uncaughtErrorHandler()); // as each Main does
    try (OpsServer server =
        OpsServer.start(
            0, fatal.guard(() -> Health.Status.up("consuming")), Metrics.registryFor("test"))) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

      Thread worker =
          new Thread(
              () -> {
                throw new IllegalStateException("a bug on a service thread");
              },
              "cronlog-test-worker");
      worker.start();
      worker.join();

      HttpResponse<String> response = get(server, "/healthz");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("cronlog-test-worker", "a bug on a service thread");
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @Test
  void theFirstFatalErrorIsWhatTheProbeSays() {
    Health health = fatal.guard(() -> Health.Status.up("consuming"));
    assertThat(health.check().alive()).isTrue();

    fatal.report("The poll loop on cronlog.commands", new IllegalStateException("first"));
    fatal.report("The outcome writer", new IllegalStateException("second"));

    assertThat(health.check().alive()).isFalse();
    assertThat(health.check().detail()).contains("first").doesNotContain("second");
  }

  private HttpResponse<String> get(OpsServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
