package io.cronlog.watcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.CompletionException;

/** Starts the watcher from the environment. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    WatcherConfig config = WatcherConfig.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    Watcher watcher = new Watcher(client, config, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      watcher.close();
      client.close();
    }, "cronlog-watcher-shutdown"));
    watcher.start();
    try {
      watcher.termination().join();
    } catch (CompletionException e) {
      // Fenced or refused for good: exit, so that a supervisor (a Deployment) starts afresh.
      System.exit(1);
    }
  }
}
