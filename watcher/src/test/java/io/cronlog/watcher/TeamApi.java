package io.cronlog.watcher;

import io.cronlog.api.ScheduledJob;
import io.cronlog.devkube.DevKubernetesApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;

/**
 * The dev API as the watcher's integration tests start from it: the ScheduledJob CRD installed and
 * namespace {@code team-a} made. Each watcher replica should get its own {@link #newClient()}, as
 * separate processes would have.
 */
final class TeamApi implements AutoCloseable {

  private final DevKubernetesApi api;
  private final KubernetesClient client;

  private TeamApi(DevKubernetesApi api, KubernetesClient client) {
    this.api = api;
    this.client = client;
  }

  static TeamApi start() throws IOException {
    DevKubernetesApi api = DevKubernetesApi.start(0);
    KubernetesClient client = api.newClient();
    try (InputStream yaml =
        TeamApi.class
            .getClassLoader()
            .getResourceAsStream("META-INF/fabric8/" + ScheduledJob.CRD_NAME + "-v1.yml")) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
      client.resource(crd).create();
    }
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build())
        .create();
    return new TeamApi(api, client);
  }

  /** The test's own client. */
  KubernetesClient client() {
    return client;
  }

  /** Another client of the same API, for a watcher replica. */
  KubernetesClient newClient() {
    return api.newClient();
  }

  @Override
  public void close() {
    client.close();
    api.close();
  }
}
