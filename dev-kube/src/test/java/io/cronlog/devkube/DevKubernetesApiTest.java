package io.cronlog.devkube;

import static io.cronlog.devkube.Widgets.widget;
import static io.cronlog.devkube.Widgets.widgets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

class DevKubernetesApiTest {

  private DevKubernetesApi api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = DevKubernetesApi.start(0);
    client = api.newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void servesPlainHttpOnLoopback() {
    assertThat(api.url()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("32");
  }

  @Test
  void servesAClientBuiltFromTheWrittenKubeconfig(@TempDir Path dir) throws IOException {
    Path file = api.writeKubeconfig(dir.resolve("nested/kubeconfig"));
    Config config = Config.fromKubeconfig(Files.readString(file));

    try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
      fromFile
          .configMaps()
          .resource(new ConfigMapBuilder().withNewMetadata().withName("c1").endMetadata().build())
          .create();

      assertThat(config.getCurrentContext().getName()).isEqualTo("cronlog-dev");
      assertThat(config.getNamespace()).isEqualTo("default");
      assertThat(client.configMaps().inNamespace("default").withName("c1").get()).isNotNull();
    }
  }

  @Test
  void closesIdempotently() {
    Http http = new Http(api.url());

    api.close();
    api.close();

    assertThatThrownBy(() -> http.get("/version", "application/json"))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void startsWithTheDefaultNamespaces() {
    assertThat(client.namespaces().list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .contains("default", "kube-system");
  }

  @Test
  void reportsACreatedCrdEstablished() {
    Widgets.install(client);

    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("widgets.test.cronlog.io")
            .get();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Established");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("wd");
  }

  @Test
  void setsUidCreationTimestampVersionAndGenerationOnCreate() {
    Widgets.install(client);

    GenericKubernetesResource created = widgets(client).resource(widget("w1", "large")).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void writesAfterACrdChangesFollowItsNewSchemaAndAfterItsDeletionNone() {
    Widgets.install(client);
    widgets(client).resource(widget("before", "small")).create();

    Widgets.editSpecSchema(
        client,
        spec ->
            spec.getProperties()
                .get("color")
                .setDefault(JsonNodeFactory.instance.stringNode("blue")));
    GenericKubernetesResource after = widgets(client).resource(widget("after", "small")).create();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("widgets.test.cronlog.io")
        .delete();
    GenericKubernetesResource orphan = widgets(client).resource(widget("no-crd", "small")).create();

    assertThat(widgets(client).withName("before").get().<String>get("spec", "color"))
        .isEqualTo("grey");
    assertThat(after.<String>get("spec", "color")).isEqualTo("blue");
    assertThat(orphan.<String>get("spec", "color")).isNull();
  }

  @Test
  void fillsInTheCrdSchemaDefaultsOnCreateAndPatch() {
    Widgets.install(client);

    GenericKubernetesResource created = widgets(client).resource(widget("w1", "large")).create();
    widgets(client)
        .withName("w1")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"color\":null}}");

    assertThat(created.<String>get("spec", "color")).isEqualTo("grey");
    assertThat(widgets(client).withName("w1").get().<String>get("spec", "color")).isEqualTo("grey");
  }

  @Test
  void incrementsGenerationOnSpecChangeButNotOnStatusOrMetadataChange() {
    Widgets.install(client);
    widgets(client).resource(widget("w1", "large")).create();

    widgets(client).withName("w1").edit(w -> withSpec(w, "small"));
    GenericKubernetesResource afterSpec = widgets(client).withName("w1").get();
    widgets(client).withName("w1").editStatus(w -> withStatus(w, Map.of("ready", true)));
    widgets(client)
        .withName("w1")
        .edit(
            w -> {
              w.getMetadata().setLabels(Map.of("team", "a"));
              return w;
            });

    GenericKubernetesResource latest = widgets(client).withName("w1").get();
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(latest.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(Long.parseLong(latest.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(afterSpec.getMetadata().getResourceVersion()));
  }

  @Test
  void keepsStatusApartFromTheMainResource() {
    Widgets.install(client);
    widgets(client).resource(widget("w1", "large")).create();

    widgets(client)
        .withName("w1")
        .editStatus(w -> withStatus(withSpec(w, "ignored"), Map.of("ready", true)));
    widgets(client)
        .withName("w1")
        .edit(w -> withStatus(withSpec(w, "small"), Map.of("ready", false)));

    GenericKubernetesResource latest = widgets(client).withName("w1").get();
    assertThat(latest.<String>get("spec", "size")).isEqualTo("small");
    assertThat(latest.<Boolean>get("status", "ready")).isTrue();
  }

  @Test
  void dropsStatusSentWithACreate() {
    Widgets.install(client);
    GenericKubernetesResource w = widget("w1", "large");
    w.setAdditionalProperty("status", Map.of("ready", true));

    widgets(client).resource(w).create();

    assertThat(widgets(client).withName("w1").get().getAdditionalProperties())
        .doesNotContainKey("status");
  }

  @Test
  void refusesAnUpdateWithAStaleResourceVersion() {
    Widgets.install(client);
    GenericKubernetesResource stale = widgets(client).resource(widget("w1", "large")).create();
    widgets(client).withName("w1").edit(w -> withSpec(w, "small"));

    stale.setAdditionalProperty("spec", Map.of("size", "medium"));
    assertThatThrownBy(() -> widgets(client).resource(stale).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(widgets(client).withName("w1").get().<String>get("spec", "size")).isEqualTo("small");
  }

  @Test
  void refusesAStatusUpdateWithAStaleResourceVersion() {
    Widgets.install(client);
    GenericKubernetesResource stale = widgets(client).resource(widget("w1", "large")).create();
    widgets(client).withName("w1").edit(w -> withSpec(w, "small"));

    stale.setAdditionalProperty("status", Map.of("ready", true));
    assertThatThrownBy(() -> widgets(client).resource(stale).updateStatus())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void refusesACreateOfAnExistingNameAsAlreadyExists() {
    Widgets.install(client);
    widgets(client).resource(widget("w1", "large")).create();

    assertThatThrownBy(() -> widgets(client).resource(widget("w1", "small")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
            });
  }

  @Test
  void appliesAMergePatchWithNullRemovingAField() {
    Widgets.install(client);
    GenericKubernetesResource w = widget("w1", "large");
    w.getMetadata().setAnnotations(Map.of("keep", "1", "drop", "2"));
    widgets(client).resource(w).create();

    widgets(client)
        .withName("w1")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"drop\":null,\"new\":\"3\"}}}");

    assertThat(widgets(client).withName("w1").get().getMetadata().getAnnotations())
        .containsOnly(Map.entry("keep", "1"), Map.entry("new", "3"));
  }

  @Test
  void refusesServerSideDryRunInsteadOfStoring() {
    Widgets.install(client);

    assertThatThrownBy(() -> widgets(client).resource(widget("w1", "large")).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    assertThat(widgets(client).withName("w1").get()).isNull();
  }

  @Test
  void deletesWithBackgroundPropagation() {
    Widgets.install(client);
    widgets(client).resource(widget("w1", "large")).create();

    List<?> deleted =
        widgets(client)
            .withName("w1")
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();

    assertThat(deleted).hasSize(1);
    assertThat(widgets(client).withName("w1").get()).isNull();
  }

  @Test
  void keepsJobStatusOnUpdatesOfTheJob() {
    client.batch().v1().jobs().resource(job("j1")).create();
    client
        .batch()
        .v1()
        .jobs()
        .withName("j1")
        .editStatus(j -> new JobBuilder(j).editOrNewStatus().withActive(1).endStatus().build());

    client
        .batch()
        .v1()
        .jobs()
        .withName("j1")
        .edit(
            j ->
                new JobBuilder(j)
                    .editMetadata()
                    .addToAnnotations("a", "b")
                    .endMetadata()
                    .withStatus(null)
                    .build());

    Job latest = client.batch().v1().jobs().withName("j1").get();
    assertThat(latest.getStatus().getActive()).isEqualTo(1);
    assertThat(latest.getMetadata().getAnnotations()).containsEntry("a", "b");
  }

  static Job job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static GenericKubernetesResource withSpec(GenericKubernetesResource w, String size) {
    w.setAdditionalProperty("spec", Map.of("size", size));
    return w;
  }

  private static GenericKubernetesResource withStatus(
      GenericKubernetesResource w, Map<String, Object> status) {
    w.setAdditionalProperty("status", status);
    return w;
  }
}
