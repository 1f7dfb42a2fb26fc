package io.cronlog.devkube;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One parameter of a request URI's query, as the API server reads it: the first value, decoded. */
final class QueryParameter {

  private QueryParameter() {}

  /** The first value of {@code name} in {@code uri}'s query, decoded; empty when it has none. */
  static Optional<String> of(String uri, String name) {
    int query = uri.indexOf('?');
    if (query < 0) {
      return Optional.empty();
    }
    String prefix = name + "=";
    for (String param : uri.substring(query + 1).split("&")) {
      if (param.startsWith(prefix)) {
        return Optional.of(
            URLDecoder.decode(param.substring(prefix.length()), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }
}
