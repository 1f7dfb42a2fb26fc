package io.cronlog.devkube;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the stand-in, on Vert.x: discovery and OpenAPI, Tables for kubectl, watches over
 * both WebSocket (fabric8 clients) and chunked HTTP (kubectl, client-go), and everything else
 * handed to the CRUD store.
 *
 * <p>It serves HTTP itself instead of through the mock's MockWebServer because that server can
 * answer a watch only with a WebSocket upgrade, so {@code kubectl get -w} failed, and it records
 * every request in an unbounded queue, which a long-running {@code cronlog dev} cannot afford.
 *
 * <p>Concurrency: this class owns its Vert.x instance. Requests are handled on its event loop; the
 * store calls are in-memory and short. Watch events are written from whichever thread made the
 * change; Vert.x hands such writes to the connection's event loop in order.
 */
final class ApiHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpServer.class);

  private final CrudStore store;
  private final WatchHub hub;
  private final ApiCatalog catalog;
  private final Tables tables;
  private final ApiFaults faults;
  private final Vertx vertx = Vertx.vertx();
  private Discovery discovery;
  private HttpServer server;

  ApiHttpServer(
      CrudStore store, WatchHub hub, ApiCatalog catalog, Tables tables, ApiFaults faults) {
    this.store = store;
    this.hub = hub;
    this.catalog = catalog;
    this.tables = tables;
    this.faults = faults;
  }

  /** Binds 127.0.0.1 and returns the port it got. */
  int start(int port) {
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
            .requestHandler(this::handle);
    int actual = await(server.listen()).actualPort();
    discovery = new Discovery(catalog, new OpenApiV3(store), "127.0.0.1:" + actual);
    return actual;
  }

  @Override
  public void close() {
    if (server != null) {
      await(server.close());
    }
    await(vertx.close());
  }

  private void handle(HttpServerRequest req) {
    if (req.canUpgradeToWebSocket() && isWatch(req)) {
      req.toWebSocket()
          .onSuccess(
              ws -> {
                WatchStream stream = WatchStream.over(ws);
                ws.closeHandler(v -> hub.unsubscribe(stream));
                openWatch(req, stream);
              });
      return;
    }
    req.body()
        .onSuccess(
            body -> {
              Optional<ResourcePath> resource =
                  isWatch(req) ? Optional.empty() : ResourcePath.parse(req.path());
              Optional<ApiFaults.Kind> fault =
                  resource.flatMap(r -> faults.draw(req.method().name(), r));
              if (fault.isPresent()) {
                injure(req, body.getBytes(), fault.get(), resource.get());
                return;
              }
              answer(req, body.getBytes());
            });
  }

  /** Answers with the fault drawn for the request: a failure, or the real answer late. */
  private void injure(
      HttpServerRequest req, byte[] body, ApiFaults.Kind fault, ResourcePath resource) {
    LOG.debug("injecting {} into {} {}", fault, req.method(), req.uri());
    Optional<Reply> failure = ApiFaults.reply(fault, resource);
    if (failure.isPresent()) {
      if (fault == ApiFaults.Kind.TOO_MANY_REQUESTS) {
        req.response().putHeader("Retry-After", Integer.toString(ApiFaults.RETRY_AFTER_SECONDS));
      }
      send(req, failure.get());
    } else {
      vertx.setTimer(ApiFaults.SLOW_DELAY.toMillis(), id -> answer(req, body));
    }
  }

  private void answer(HttpServerRequest req, byte[] body) {
    try {
      respond(req, body);
    } catch (RuntimeException e) {
      LOG.error("failed to answer {} {}", req.method(), req.uri(), e);
      send(
          req,
          Reply.status(500, Statuses.status(500, "InternalError", String.valueOf(e.getMessage()))));
    }
  }

  private void respond(HttpServerRequest req, byte[] body) {
    boolean get = req.method() == io.vertx.core.http.HttpMethod.GET;
    Optional<ResourcePath> resource = ResourcePath.parse(req.path());
    if (get && resource.isEmpty()) {
      send(
          req,
          discovery
              .answer(req.path())
              .orElse(
                  Reply.status(
                      404,
                      Statuses.status(
                          404, "NotFound", "the server could not find the requested resource"))));
      return;
    }
    if (get && isWatch(req)) {
      HttpServerResponse response = req.response();
      response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json");
      WatchStream stream = WatchStream.over(response);
      response.closeHandler(v -> hub.unsubscribe(stream));
      // Headers now, so the client knows the watch is open before any event arrives.
      response.writeHead();
      openWatch(req, stream);
      return;
    }
    Optional<Reply> refused = resource.flatMap(r -> CronJobRefusal.of(req.method().name(), r));
    if (refused.isPresent()) {
      send(req, refused.get());
      return;
    }
    MockResponse answer = store.dispatch(recorded(req, body));
    Reply reply = reply(answer, resource.orElse(null));
    if (get && reply.code() == 200 && wantsTable(req)) {
      Optional<ResourceType> type = resource.flatMap(catalog::find);
      if (type.isPresent()) {
        reply = Reply.json(tables.render(type.get(), Json.read(reply.body()), include(req)));
      }
    }
    send(req, reply);
  }

  private void openWatch(HttpServerRequest req, WatchStream stream) {
    UnaryOperator<String> render = UnaryOperator.identity();
    Optional<ResourceType> type = ResourcePath.parse(req.path()).flatMap(catalog::find);
    if (wantsTable(req) && type.isPresent()) {
      Tables.Include include = include(req);
      render = json -> tables.render(type.get(), Json.read(json), include);
    }
    String timeout = req.getParam("timeoutSeconds");
    if (timeout != null && timeout.matches("\\d+") && Long.parseLong(timeout) > 0) {
      vertx.setTimer(
          TimeUnit.SECONDS.toMillis(Long.parseLong(timeout)),
          id -> {
            hub.unsubscribe(stream);
            stream.close();
          });
    }
    LOG.debug("WATCH {}", req.uri());
    store.watch(req.uri(), fromVersion(req.getParam("resourceVersion")), render, stream);
  }

  private static Long fromVersion(String resourceVersion) {
    if (resourceVersion == null
        || !resourceVersion.matches("\\d+")
        || resourceVersion.equals("0")) {
      return null;
    }
    return Long.parseLong(resourceVersion);
  }

  private static boolean isWatch(HttpServerRequest req) {
    String watch = req.getParam("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  private static boolean wantsTable(HttpServerRequest req) {
    String accept = req.getHeader("Accept");
    return accept != null && accept.contains("as=Table");
  }

  private static Tables.Include include(HttpServerRequest req) {
    String include = req.getParam("includeObject");
    if (include == null) {
      return Tables.Include.METADATA;
    }
    return switch (include.toLowerCase(Locale.ROOT)) {
      case "none" -> Tables.Include.NONE;
      case "object" -> Tables.Include.OBJECT;
      default -> Tables.Include.METADATA;
    };
  }

  /** The mock's answer, with the Status bodies a real apiserver would have sent. */
  private static Reply reply(MockResponse answer, ResourcePath resource) {
    String body =
        answer.getBody() == null
            ? ""
            : new String(answer.getBody().getBytes(), StandardCharsets.UTF_8);
    int code = answer.code();
    if (code == 404 && body.isEmpty() && resource != null && resource.name() != null) {
      body = Statuses.notFound(resource);
    } else if (code == 409) {
      body = Statuses.withConflictReason(body);
    }
    return new Reply(code, "application/json", body, answer.headers(WarningHeader.NAME));
  }

  private static RecordedRequest recorded(HttpServerRequest req, byte[] body) {
    Headers.Builder headers = Headers.builder();
    for (Map.Entry<String, String> h : req.headers()) {
      headers.add(h.getKey(), h.getValue());
    }
    return new RecordedRequest(
        "HTTP/1.1",
        HttpMethod.valueOf(req.method().name()),
        req.uri(),
        headers.build(),
        new Buffer(body));
  }

  private static void send(HttpServerRequest request, Reply reply) {
    LOG.debug("{} {} -> {}", request.method(), request.uri(), reply.code());
    HttpServerResponse response = request.response();
    response.setStatusCode(reply.code());
    reply.warnings().forEach(warning -> response.headers().add(WarningHeader.NAME, warning));
    if (reply.body().isEmpty()) {
      response.putHeader("Content-Type", reply.contentType()).end();
    } else {
      response.putHeader("Content-Type", reply.contentType()).end(reply.body());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while starting or stopping the dev Kubernetes API", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the dev Kubernetes API failed to start or stop", e);
    }
  }
}
