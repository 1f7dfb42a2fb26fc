package io.cronlog.devkube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The dev API started before each test of a class and closed after it, with a fabric8 client and a
 * raw HTTP client on it: {@code @RegisterExtension final RunningApi dev = new RunningApi();}.
 */
final class RunningApi implements BeforeEachCallback, AfterEachCallback {

  private final Clock clock;

  /** Changes a watch may resume over; null for the API's default. */
  private final Integer watchHistory;

  private DevKubernetesApi api;
  private KubernetesClient client;
  private Http http;

  RunningApi() {
    this(Clock.systemUTC(), null);
  }

  RunningApi(Clock clock, Integer watchHistory) {
    this.clock = clock;
    this.watchHistory = watchHistory;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start(watchHistory);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stop();
  }

  /**
   * Starts the API afresh, keeping only {@code watchHistory} changes for watches to resume over.
   */
  void restart(int watchHistory) {
    stop();
    start(watchHistory);
  }

  DevKubernetesApi api() {
    return api;
  }

  KubernetesClient client() {
    return client;
  }

  Http http() {
    return http;
  }

  private void start(Integer history) {
    api =
        history == null
            ? DevKubernetesApi.start(0, clock)
            : DevKubernetesApi.start(0, clock, history);
    client = api.newClient();
    http = new Http(api.url());
  }

  private void stop() {
    client.close();
    api.close();
  }
}
