package io.cronlog.devkube;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The dev API's fault switch: makes a share of the requests that match a rule fail the way a busy
 * or sick apiserver fails (429 with Retry-After, 500, 409 Conflict) or answer late, so that the
 * fault suite can check that the services neither lose nor double a run through it. Watches are
 * never faulted here; {@link DevKubernetesApi#expireWatches()} cuts those.
 *
 * <p>Concurrency: {@link #set} and {@link #clear} replace the rules and the seeded random under
 * this object's monitor, which also guards the draw and the counts, so that one seed gives one
 * sequence of draws (in the order requests arrive).
 */
public final class ApiFaults {

  /** How long a {@link Kind#SLOW} request waits before it is answered. */
  public static final Duration SLOW_DELAY = Duration.ofSeconds(2);

  /** What a 429 asks the client to wait, in seconds, as an apiserver under load does. */
  static final int RETRY_AFTER_SECONDS = 1;

  /** What happens to a request a rule picked. */
  public enum Kind {
    /** 429 TooManyRequests with a Retry-After header. */
    TOO_MANY_REQUESTS,
    /** 500 InternalError. */
    SERVER_ERROR,
    /** 409 Conflict, as for a write that raced another. */
    CONFLICT,
    /** Answered normally, {@link #SLOW_DELAY} late. */
    SLOW
  }

  /**
   * A share of the requests with one of {@code verbs} on one of {@code resources} get {@code kind}.
   *
   * @param verbs Kubernetes verbs ({@code get}, {@code list}, {@code create}, {@code update},
   *     {@code patch}, {@code delete}); empty: every verb
   * @param resources plurals, with {@code /status} for the status subresource ({@code jobs}, {@code
   *     scheduledjobs/status}); empty: every resource
   * @param share from 0 to 1
   */
  public record Rule(Set<String> verbs, Set<String> resources, double share, Kind kind) {

    public Rule {
      verbs = Set.copyOf(verbs);
      resources = Set.copyOf(resources);
      Objects.requireNonNull(kind, "kind");
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("share must be from 0 to 1, was " + share);
      }
    }

    boolean matches(String verb, String resource) {
      return (verbs.isEmpty() || verbs.contains(verb))
          && (resources.isEmpty() || resources.contains(resource));
    }
  }

  private List<Rule> rules = List.of();
  private Random random = new Random(0);
  private final Map<Kind, Long> injected = new EnumMap<>(Kind.class);

  ApiFaults() {}

  /**
   * From now on, faults by {@code rules} (the first matching rule that draws its share wins), drawn
   * from {@code seed}.
   */
  public synchronized void set(long seed, List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.random = new Random(seed);
  }

  /** No more faults. */
  public synchronized void clear() {
    rules = List.of();
  }

  /** How many requests got {@code kind} since the API started. */
  public synchronized long injected(Kind kind) {
    return injected.getOrDefault(kind, 0L);
  }

  /** The fault for a request with HTTP {@code method} on {@code path}, if a rule draws one. */
  synchronized Optional<Kind> draw(String method, ResourcePath path) {
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    String verb = verb(method, path);
    String resource =
        path.subresource() == null ? path.plural() : path.plural() + "/" + path.subresource();
    for (Rule rule : rules) {
      if (rule.matches(verb, resource) && random.nextDouble() < rule.share()) {
        injected.merge(rule.kind(), 1L, Long::sum);
        return Optional.of(rule.kind());
      }
    }
    return Optional.empty();
  }

  /** The answer of a fault that fails the request; empty for {@link Kind#SLOW}. */
  static Optional<Reply> reply(Kind kind, ResourcePath path) {
    return switch (kind) {
      case TOO_MANY_REQUESTS ->
          Optional.of(
              Reply.status(
                  429,
                  Statuses.status(
                      429,
                      "TooManyRequests",
                      "the server has received too many requests and has asked us to try again later (injected)")));
      case SERVER_ERROR ->
          Optional.of(
              Reply.status(
                  500,
                  Statuses.status(
                      500,
                      "InternalError",
                      "an error on the server has prevented the request from succeeding (injected)")));
      case CONFLICT ->
          Optional.of(
              Reply.status(
                  409,
                  path.name() == null
                      ? Statuses.status(409, "Conflict", "the object has been modified (injected)")
                      : Statuses.conflict(path)));
      case SLOW -> Optional.empty();
    };
  }

  private static String verb(String method, ResourcePath path) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET" -> path.name() == null ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> path.name() == null ? "deletecollection" : "delete";
      default -> method.toLowerCase(Locale.ROOT);
    };
  }
}
