package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcePathTest {

  @Test
  void readsANamespacedCustomResource() {
    assertThat(
            ResourcePath.parse("/apis/cronlog.io/v1/namespaces/default/scheduledjobs/hello/status"))
        .contains(
            new ResourcePath("cronlog.io", "v1", "default", "scheduledjobs", "hello", "status"));
  }

  @Test
  void readsACoreCollectionAcrossNamespaces() {
    assertThat(ResourcePath.parse("/api/v1/pods"))
        .contains(new ResourcePath("", "v1", null, "pods", null, null));
  }

  @Test
  void tellsANamespaceObjectAndItsStatusFromResourcesInIt() {
    assertThat(ResourcePath.parse("/api/v1/namespaces/team"))
        .contains(new ResourcePath("", "v1", null, "namespaces", "team", null));
    assertThat(ResourcePath.parse("/api/v1/namespaces/team/status"))
        .contains(new ResourcePath("", "v1", null, "namespaces", "team", "status"));
    assertThat(ResourcePath.parse("/api/v1/namespaces/team/configmaps"))
        .contains(new ResourcePath("", "v1", "team", "configmaps", null, null));
  }

  @Test
  void leavesDiscoveryPathsAlone() {
    assertThat(ResourcePath.parse("/apis")).isEmpty();
    assertThat(ResourcePath.parse("/apis/batch/v1")).isEmpty();
    assertThat(ResourcePath.parse("/api/v1")).isEmpty();
    assertThat(ResourcePath.parse("/version")).isEmpty();
  }
}
