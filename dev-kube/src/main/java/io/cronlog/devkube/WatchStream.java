package io.cronlog.devkube;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * One open watch connection, over a WebSocket (fabric8) or a chunked HTTP response (kubectl,
 * client-go).
 */
interface WatchStream {

  /** Sends one watch event, a JSON object with {@code type} and {@code object}; must not block. */
  void send(String event);

  /** Ends the watch; the client is expected to list and watch again. */
  void close();

  /** Events as WebSocket text messages, one event each. */
  static WatchStream over(ServerWebSocket ws) {
    return new WatchStream() {
      @Override
      public void send(String event) {
        ws.writeTextMessage(event);
      }

      @Override
      public void close() {
        if (!ws.isClosed()) {
          ws.close();
        }
      }
    };
  }

  /** Events as lines of a chunked HTTP response, as a real apiserver streams them. */
  static WatchStream over(HttpServerResponse response) {
    return new WatchStream() {
      @Override
      public void send(String event) {
        response.write(event + "\n");
      }

      @Override
      public void close() {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }
    };
  }
}
