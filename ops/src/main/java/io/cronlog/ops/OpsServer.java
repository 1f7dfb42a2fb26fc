package io.cronlog.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's HTTP endpoint for operators: {@code /healthz} (liveness), {@code /readyz} (readiness)
 * and {@code /metrics} (Prometheus text format). The JDK's own HTTP server is enough for three
 * small GET handlers on one thread.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private OpsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves on {@code port} of every interface (0: any free port); probes reach it from the kubelet.
   */
  public static OpsServer start(int port, Health health, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> probe(exchange, health, Health.Status::alive));
    server.createContext("/readyz", exchange -> probe(exchange, health, Health.Status::ready));
    server.createContext(
        "/metrics", exchange -> reply(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "cronlog-ops-http");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    LOG.info(
        "Health and metrics on port {}: /healthz /readyz /metrics", server.getAddress().getPort());
    return new OpsServer(server);
  }

  /** The port served, useful when started on port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(
      HttpExchange exchange, Health health, Function<Health.Status, Boolean> passes)
      throws IOException {
    Health.Status status;
    try {
      status = health.check();
    } catch (RuntimeException e) {
      status = Health.Status.down("health check failed: " + e);
    }
    boolean ok = passes.apply(status);
    reply(
        exchange,
        ok ? 200 : 503,
        "text/plain; charset=utf-8",
        (ok ? "ok: " : "not ok: ") + status.detail() + "\n");
  }

  private static void reply(HttpExchange exchange, int code, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
