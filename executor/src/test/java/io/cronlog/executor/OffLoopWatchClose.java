package io.cronlog.executor;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fabric8 mock's CRUD dispatcher, with the end of each watch handled off the server's event
 * loop, so that a client closing its watch while events are on their way cannot stall the server.
 *
 * <p>Why: in kubernetes-server-mock 8.0.0 a watch's {@code WatchEventsListener} sends its events
 * from a thread of its own, and each send waits (up to 30 s) for Vert.x to write it, which the
 * server's event loop does. When the client closes the watch, Vert.x calls the listener's {@code
 * onClosed} on that same event loop, and {@code onClosed} waits (up to a minute) for the sending
 * thread to finish. With an event in flight, each waits for the other until the write gives up
 * after 30 s; meanwhile the event loop, the only one serving every client, answers nothing and
 * every call times out. Here {@code onClosed} and {@code onFailure} run on a thread of this
 * dispatcher's, so the event loop stays free to finish the writes they wait for.
 */
public final class OffLoopWatchClose extends Dispatcher implements Resetable, CustomResourceAware {

  private final KubernetesMixedDispatcher delegate = new KubernetesMixedDispatcher(new HashMap<>());
  private final ExecutorService closes = daemonThreads("mock-api-watch-close");

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = delegate.dispatch(request);
    WebSocketListener listener = response.getWebSocketListener();
    return listener == null ? response : response.withWebSocketUpgrade(new Closing(listener));
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /** Called once the HTTP server is closed, so with every watch ended. */
  @Override
  public void releaseResources() {
    delegate.releaseResources();
    closes.shutdown();
  }

  @Override
  public void reset() {
    delegate.reset();
  }

  @Override
  public void expectCustomResource(CustomResourceDefinitionContext context) {
    delegate.expectCustomResource(context);
  }

  /** A watch's listener whose end is handled on {@link #closes}; all else as the mock does it. */
  private final class Closing extends WebSocketListener {

    private final WebSocketListener watch;

    Closing(WebSocketListener watch) {
      this.watch = watch;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      watch.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      watch.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      watch.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      watch.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      watch.onMessage(webSocket, bytes);
    }

    @Override
    public void onPing(WebSocket webSocket, byte[] bytes) {
      watch.onPing(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      // Only queues the close behind the events still to send; it does not wait.
      watch.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      offLoop(() -> watch.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      offLoop(() -> watch.onFailure(webSocket, error, response));
    }
  }

  private void offLoop(Runnable end) {
    try {
      closes.execute(end);
    } catch (RejectedExecutionException e) {
      // The server is closed: no client is left for the event loop to serve.
      end.run();
    }
  }

  /** As many threads as watches end at once: one slow end must not hold up the others. */
  private static ExecutorService daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
