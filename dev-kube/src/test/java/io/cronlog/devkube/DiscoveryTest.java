package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class DiscoveryTest {

  // What kubectl 1.32 sends first; answering the legacy documents is what older apiservers do.
  private static final String AGGREGATED =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  @RegisterExtension final RunningApi dev = new RunningApi();

  @Test
  void announcesTheCoreVersion() {
    JsonNode versions = dev.http().get("/api", AGGREGATED).json();

    assertThat(versions.path("kind").asString()).isEqualTo("APIVersions");
    assertThat(versions.path("versions").path(0).asString()).isEqualTo("v1");
  }

  @Test
  void announcesTheBuiltInGroupsTheServicesUse() {
    JsonNode groups = dev.http().get("/apis", AGGREGATED).json();

    assertThat(groups.path("kind").asString()).isEqualTo("APIGroupList");
    assertThat(groupNames(groups))
        .contains("batch", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io");
  }

  @Test
  void listsCoreResourcesWithStatusSubresourcesWhereTheyExist() {
    JsonNode resources = dev.http().get("/api/v1", "application/json").json().path("resources");

    assertThat(resourceNames(resources))
        .contains("namespaces", "pods", "pods/status", "events", "configmaps", "secrets");
  }

  @Test
  void listsJobsAndCronJobsWithStatusAndShortNames() {
    JsonNode list = dev.http().get("/apis/batch/v1", "application/json").json();

    assertThat(list.path("groupVersion").asString()).isEqualTo("batch/v1");
    assertThat(resourceNames(list.path("resources")))
        .contains("jobs", "jobs/status", "cronjobs", "cronjobs/status");
    JsonNode cronjobs = find(list.path("resources"), "cronjobs");
    assertThat(cronjobs.path("shortNames").path(0).asString()).isEqualTo("cj");
    assertThat(cronjobs.path("namespaced").asBoolean()).isTrue();
    assertThat(cronjobs.path("kind").asString()).isEqualTo("CronJob");
    assertThat(cronjobs.path("verbs").toString()).contains("watch", "patch");
  }

  @Test
  void announcesACustomResourceOnceItsCrdIsCreated() {
    assertThat(dev.http().get("/apis/test.cronlog.io/v1", "application/json").code())
        .isEqualTo(404);

    Widgets.install(dev.client());

    assertThat(groupNames(dev.http().get("/apis", "application/json").json()))
        .contains("test.cronlog.io");
    JsonNode resources =
        dev.http().get("/apis/test.cronlog.io/v1", "application/json").json().path("resources");
    JsonNode widgets = find(resources, "widgets");
    assertThat(widgets.path("kind").asString()).isEqualTo("Widget");
    assertThat(widgets.path("singularName").asString()).isEqualTo("widget");
    assertThat(widgets.path("shortNames").path(0).asString()).isEqualTo("wd");
    assertThat(resourceNames(resources)).containsExactly("widgets", "widgets/status");
    assertThat(
            dev.http()
                .get("/apis/test.cronlog.io", "application/json")
                .json()
                .path("preferredVersion")
                .path("groupVersion")
                .asString())
        .isEqualTo("test.cronlog.io/v1");
  }

  @Test
  void forgetsACustomResourceOnceItsCrdIsDeleted() {
    Widgets.install(dev.client());

    dev.client()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("widgets.test.cronlog.io")
        .delete();

    assertThat(dev.http().get("/apis/test.cronlog.io/v1", "application/json").code())
        .isEqualTo(404);
  }

  @Test
  void answersOpenApiV2Empty() {
    Http.Answer v2 =
        dev.http().get("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

    assertThat(v2.code()).isEqualTo(200);
    assertThat(v2.contentType())
        .isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    assertThat(v2.body()).isEmpty();
  }

  @Test
  void servesEachCrdSchemaInOpenApiV3UnderTheNameAndKindKubectlExplainLooksFor() {
    assertThat(dev.http().get("/openapi/v3", "application/json").json().path("paths").size())
        .isZero();
    Widgets.install(dev.client());

    JsonNode paths = dev.http().get("/openapi/v3", "application/json").json().path("paths");
    String url = paths.path("apis/test.cronlog.io/v1").path("serverRelativeURL").asString();
    JsonNode doc = dev.http().get(url, "application/json").json();

    assertThat(paths.propertyNames()).containsExactly("apis/test.cronlog.io/v1");
    assertThat(url).matches("/openapi/v3/apis/test\\.cronlog\\.io/v1\\?hash=[0-9A-F]{64}");
    JsonNode widget = doc.path("components").path("schemas").path("io.cronlog.test.v1.Widget");
    assertThat(widget.path("x-kubernetes-group-version-kind").path(0).path("kind").asString())
        .isEqualTo("Widget");
    assertThat(widget.path("properties").path("spec").path("properties").has("color")).isTrue();
    assertThat(widget.path("properties").path("kind").path("description").asString())
        .startsWith("Kind is a string");
    // explain learns the kind of a resource from an operation on its path.
    assertThat(
            doc.path("paths")
                .path("/apis/test.cronlog.io/v1/namespaces/{namespace}/widgets/{name}")
                .path("get")
                .path("x-kubernetes-group-version-kind")
                .path("kind")
                .asString())
        .isEqualTo("Widget");
    assertThat(dev.http().get("/openapi/v3/apis/batch/v1", "application/json").code())
        .isEqualTo(404);
  }

  @Test
  void advertisesFieldValidationOnEachCustomResourcesPatchAsKubectlLooksForIt() {
    Widgets.install(dev.client());
    String url =
        dev.http()
            .get("/openapi/v3", "application/json")
            .json()
            .path("paths")
            .path("apis/test.cronlog.io/v1")
            .path("serverRelativeURL")
            .asString();

    JsonNode patch =
        dev.http()
            .get(url, "application/json")
            .json()
            .path("paths")
            .path("/apis/test.cronlog.io/v1/namespaces/{namespace}/widgets/{name}")
            .path("patch");

    // kubectl's QueryParamVerifierV3: a patch of the kind that takes fieldValidation in the query.
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asString())
        .isEqualTo("Widget");
    assertThat(patch.path("parameters").values())
        .anySatisfy(
            parameter -> {
              assertThat(parameter.path("name").asString()).isEqualTo("fieldValidation");
              assertThat(parameter.path("in").asString()).isEqualTo("query");
            });
  }

  @Test
  void reportsAKubernetesVersion() {
    JsonNode version = dev.http().get("/version", "application/json").json();

    assertThat(version.path("major").asString()).isEqualTo("1");
    assertThat(version.path("gitVersion").asString()).startsWith("v1.32");
  }

  private static List<String> groupNames(JsonNode groups) {
    List<String> names = new ArrayList<>();
    groups.path("groups").values().forEach(g -> names.add(g.path("name").asString()));
    return names;
  }

  private static List<String> resourceNames(JsonNode resources) {
    List<String> names = new ArrayList<>();
    resources.values().forEach(r -> names.add(r.path("name").asString()));
    return names;
  }

  private static JsonNode find(JsonNode resources, String name) {
    for (JsonNode r : resources.values()) {
      if (r.path("name").asString().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no resource " + name + " in " + resources);
  }
}
