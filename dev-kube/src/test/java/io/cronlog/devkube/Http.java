package io.cronlog.devkube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tools.jackson.databind.JsonNode;

/**
 * Raw HTTP against the dev API, for what the fabric8 client does not show: Tables, discovery, HTTP
 * watches, Statuses.
 */
final class Http {

  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

  /** The type of the last item {@link #watch} queues, once the server ended the watch. */
  static final String ENDED = "ENDED";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Http(String base) {
    this.base = base;
  }

  /**
   * @param warnings the values of its {@code Warning} headers, in order
   */
  record Answer(int code, String contentType, String body, List<String> warnings) {
    JsonNode json() {
      return Json.read(body);
    }
  }

  Answer get(String path, String accept) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return exchange(request);
  }

  /** A write: {@code method} (POST, PUT, PATCH) with a JSON body of {@code contentType}. */
  Answer send(String method, String path, String contentType, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return exchange(request);
  }

  private Answer exchange(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response.headers().allValues("Warning"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens a chunked HTTP watch, the way kubectl watches; each event line lands in the queue, and
   * {@code {"type":"ENDED"}} after the last.
   */
  BlockingQueue<JsonNode> watch(String path, String accept) {
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET().build();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenAccept(
            response -> {
              Thread reader =
                  new Thread(() -> readLines(response.body(), events), "test-http-watch");
              reader.setDaemon(true);
              reader.start();
            });
    return events;
  }

  private static void readLines(InputStream body, BlockingQueue<JsonNode> events) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isBlank()) {
          events.add(Json.read(line));
        }
      }
    } catch (IOException e) {
      // The server closed the watch, or the test ended; both end the stream.
    }
    events.add(Json.read("{\"type\":\"" + ENDED + "\"}"));
  }
}
