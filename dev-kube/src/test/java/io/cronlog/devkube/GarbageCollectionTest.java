package io.cronlog.devkube;

import static io.cronlog.devkube.EventRecorder.recorder;
import static io.cronlog.devkube.Widgets.widget;
import static io.cronlog.devkube.Widgets.widgets;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GarbageCollectionTest {

  @RegisterExtension final RunningApi dev = new RunningApi();

  @Test
  void deletingAnOwnerDeletesItsDependentsAndTheirsAndWatchesSeeIt() throws InterruptedException {
    KubernetesClient client = dev.client();
    Widgets.install(client);
    HasMetadata owner = widgets(client).resource(widget("owner", "large")).create();
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .resource(ownedBy(DevKubernetesApiTest.job("owner-1"), owner))
            .create();
    client.pods().resource(ownedBy(pod("owner-1-abcde"), job)).create();
    client.batch().v1().jobs().resource(DevKubernetesApiTest.job("unowned")).create();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();

    try (SharedIndexInformer<Job> informer =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(recorder(events, j -> j.getMetadata().getName()), 0)) {
      assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("ADDED");
      assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("ADDED");

      widgets(client)
          .withName("owner")
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();

      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED owner-1");
      assertThat(client.batch().v1().jobs().list().getItems())
          .extracting(j -> j.getMetadata().getName())
          .containsExactly("unowned");
      assertThat(client.pods().list().getItems()).isEmpty();
    }
  }

  @Test
  void anOrphanDeleteKeepsTheDependents() {
    KubernetesClient client = dev.client();
    Widgets.install(client);
    HasMetadata owner = widgets(client).resource(widget("owner", "large")).create();
    client
        .batch()
        .v1()
        .jobs()
        .resource(ownedBy(DevKubernetesApiTest.job("owner-1"), owner))
        .create();

    widgets(client).withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

    assertThat(client.batch().v1().jobs().withName("owner-1").get()).isNotNull();
  }

  private static <T extends HasMetadata> T ownedBy(T dependent, HasMetadata owner) {
    OwnerReference reference =
        new OwnerReferenceBuilder()
            .withApiVersion(owner.getApiVersion())
            .withKind(owner.getKind())
            .withName(owner.getMetadata().getName())
            .withUid(owner.getMetadata().getUid())
            .withController(true)
            .build();
    dependent.getMetadata().getOwnerReferences().add(reference);
    return dependent;
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .build();
  }
}
