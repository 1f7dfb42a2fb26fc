package io.cronlog.devkube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev stack's Kubernetes API: the fabric8 CRUD mock plus what kubectl needs (discovery, Tables,
 * watches over plain HTTP) and what controllers rely on (status subresource, conflicts, resource
 * versions a watch can resume from). See the module's README for what it does not do.
 *
 * <p>Concurrency: safe to use from any thread. The HTTP server runs on its own Vert.x event loop;
 * the store serializes writes (see {@link CrudStore}); {@link #close()} may race with nothing but
 * itself and is idempotent.
 */
public final class DevKubernetesApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevKubernetesApi.class);
  static final String NAME = "cronlog-dev";
  // Enough for a watch to resume after a list even in a busy dev session; older resumes get 410.
  private static final int WATCH_HISTORY = 1000;

  private final ApiHttpServer server;
  private final WatchHub hub;
  private final ApiFaults faults;
  private final String url;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Saves the objects when they are kept on disk; null when they live in memory only. */
  private final SnapshotWriter snapshots;

  private final boolean restored;

  private DevKubernetesApi(
      ApiHttpServer server,
      WatchHub hub,
      ApiFaults faults,
      int port,
      SnapshotWriter snapshots,
      boolean restored) {
    this.server = server;
    this.hub = hub;
    this.faults = faults;
    this.url = "http://127.0.0.1:" + port;
    this.snapshots = snapshots;
    this.restored = restored;
  }

  /** Starts the API on 127.0.0.1, plain HTTP; port 0 picks a free port. */
  public static DevKubernetesApi start(int port) {
    return start(port, Clock.systemUTC());
  }

  /**
   * Starts the API on 127.0.0.1 with its objects kept in {@code stateFile}: those saved there by an
   * earlier run are served again (same uids, creation times and resourceVersions), and every change
   * is saved there within half a second, and on {@link #close()}.
   */
  public static DevKubernetesApi start(int port, Path stateFile) {
    return start(port, Clock.systemUTC(), WATCH_HISTORY, stateFile);
  }

  /** Starts the API with the clock that ages in Tables and CRD conditions are computed from. */
  public static DevKubernetesApi start(int port, Clock clock) {
    return start(port, clock, WATCH_HISTORY);
  }

  /**
   * Starts the API keeping only the last {@code watchHistory} changes for watches to resume from;
   * tests make it small so that a watch resumed after a few changes gets 410 Expired.
   */
  public static DevKubernetesApi start(int port, Clock clock, int watchHistory) {
    return start(port, clock, watchHistory, null);
  }

  private static DevKubernetesApi start(int port, Clock clock, int watchHistory, Path stateFile) {
    if (watchHistory < 1) {
      throw new IllegalArgumentException("watchHistory must be at least 1, was " + watchHistory);
    }
    WatchHub hub = new WatchHub(watchHistory);
    CrudStore store = new CrudStore(hub, clock);
    ApiCatalog catalog = new ApiCatalog(store);
    ApiFaults faults = new ApiFaults();
    Optional<StoreSnapshot.Contents> saved =
        stateFile == null ? Optional.empty() : StoreSnapshot.read(stateFile);
    saved.ifPresent(store::restore);
    SnapshotWriter snapshots = null;
    if (stateFile != null) {
      snapshots = new SnapshotWriter(stateFile, store::contents);
      store.onChange(snapshots::changed);
    }
    ApiHttpServer server = new ApiHttpServer(store, hub, catalog, new Tables(clock), faults);
    int actual = server.start(port);
    if (saved.isEmpty()) {
      // A real cluster has these; kubectl's default context points at "default".
      createNamespace(store, "default");
      createNamespace(store, "kube-system");
    }
    DevKubernetesApi api =
        new DevKubernetesApi(server, hub, faults, actual, snapshots, saved.isPresent());
    LOG.info(
        "dev Kubernetes API listening on {}{}",
        api.url,
        saved
            .map(c -> ", with the " + c.entries().size() + " objects saved in " + stateFile)
            .orElse(stateFile == null ? "" : ", saving its objects in " + stateFile));
    return api;
  }

  /** Whether this API serves objects an earlier run saved, rather than starting empty. */
  public boolean restored() {
    return restored;
  }

  public String url() {
    return url;
  }

  /** A fabric8 client to this API, in namespace {@code default}; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig()).build();
  }

  /** The client configuration for this API, for callers that build their own client from it. */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default").build();
  }

  /**
   * Writes a kubeconfig (cluster, context and user {@code cronlog-dev}) that kubectl uses as it is.
   */
  public Path writeKubeconfig(Path file) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        preferences: {}
        """
            .formatted(NAME, url);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
    }
  }

  /**
   * Closes every open watch, and holds watches asked for from now on (open, but sent nothing) until
   * {@link #resumeWatches()}: what a client sees of an apiserver that restarts or is cut off. Lists
   * and writes go on; changes made meanwhile can push a client's resume version out of the kept
   * history. For tests of watch loss. fabric8 takes a watch that ends within 2 s of opening and
   * before any event as if it had been answered 410, so suspend after each watch saw an event (or
   * lived 2 s) to test the server's 410 rather than that guess.
   */
  public void suspendWatches() {
    hub.suspend();
  }

  /**
   * Serves the watches held since {@link #suspendWatches()}: each gets the changes after its
   * version, or 410.
   */
  public void resumeWatches() {
    hub.resume();
  }

  /**
   * The fault switch: failed or slow answers to a share of requests, for fault drills. Off until
   * set.
   */
  public ApiFaults faults() {
    return faults;
  }

  /**
   * Ends every open watch with a 410 Expired error and drops the kept history, as a compacted
   * apiserver does: every informer lists again, and resuming from an older version gets 410.
   */
  public void expireWatches() {
    hub.expireAll();
  }

  /**
   * How many watches this API answered with 410 Expired (their version older than the kept
   * history).
   */
  public long expiredWatches() {
    return hub.expiredWatches();
  }

  /**
   * How many watches are held by {@link #suspendWatches()}; lets tests resume only once a client
   * asked again.
   */
  int heldWatches() {
    return hub.heldWatches();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.close();
      if (snapshots != null) {
        snapshots.close();
      }
      LOG.info("dev Kubernetes API on {} stopped", url);
    }
  }

  private static void createNamespace(CrudStore store, String name) {
    String body =
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
            + name
            + "\"},"
            + "\"status\":{\"phase\":\"Active\"}}";
    store.dispatch(
        new RecordedRequest(
            "HTTP/1.1",
            HttpMethod.POST,
            "/api/v1/namespaces",
            Headers.builder().add("Content-Type", "application/json").build(),
            new Buffer(body.getBytes(StandardCharsets.UTF_8))));
  }
}
