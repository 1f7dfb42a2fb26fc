package io.cronlog.executor.kube;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a Kubernetes API request is to the rate limit: which budget it draws on, and how urgently.
 */
public enum RequestKind {

  /** A core or {@code events.k8s.io} Event: its own budget, so Events never hold up a Job. */
  EVENT,
  /** A write of an object's status subresource: may wait while any other call waits. */
  STATUS_WRITE,
  /** Anything else (a Job's creation, reads, lists, watches, deletions): served first. */
  OTHER;

  /**
   * Subresources of a namespace, which {@code namespaces/{name}/...} can name instead of a
   * resource.
   */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** The kind of a request of HTTP {@code method} to {@code uri}. */
  public static RequestKind of(String method, URI uri) {
    ResourcePath path = ResourcePath.parse(uri.getPath());
    if (path == null) {
      // Not an API path cronlog knows (a discovery or version call): the main budget, not held
      // back.
      return OTHER;
    }
    if (path.resource().equals("events")
        && (path.group().isEmpty() || path.group().equals("events.k8s.io"))) {
      return EVENT;
    }
    boolean write = method.equalsIgnoreCase("PUT") || method.equalsIgnoreCase("PATCH");
    return write && path.subresource().equals("status") ? STATUS_WRITE : OTHER;
  }

  /**
   * The parts of a resource path that matter here, read as the API server's RequestInfoFactory
   * reads them: {@code /api/v1/...} (the core group) or {@code /apis/{group}/{version}/...}, then
   * {@code [namespaces/{ns}/]{resource}[/{name}[/{subresource}]]}. Reading by position rather than
   * by suffix keeps a Job named "status" or a namespace named "events" from passing for either.
   */
  private record ResourcePath(String group, String resource, String subresource) {

    /**
     * The path's parts, or null if it is not a resource path; segments before /api or /apis are a
     * proxy's prefix.
     */
    static ResourcePath parse(String path) {
      List<String> segments =
          Arrays.stream(path == null ? new String[0] : path.split("/"))
              .filter(s -> !s.isEmpty())
              .toList();
      int api = segments.indexOf("api");
      int apis = segments.indexOf("apis");
      String group;
      List<String> rest;
      if (api >= 0 && (apis < 0 || api < apis)) {
        group = "";
        rest = segments.subList(Math.min(api + 2, segments.size()), segments.size());
      } else if (apis >= 0 && segments.size() > apis + 2) {
        group = segments.get(apis + 1);
        rest = segments.subList(apis + 3, segments.size());
      } else {
        return null;
      }
      if (rest.size() >= 3
          && rest.get(0).equals("namespaces")
          && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
      if (rest.isEmpty()) {
        return null;
      }
      return new ResourcePath(group, rest.get(0), rest.size() >= 3 ? rest.get(2) : "");
    }
  }
}
