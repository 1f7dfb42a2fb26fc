package io.cronlog.devkube;

import static io.cronlog.devkube.Widgets.widget;
import static io.cronlog.devkube.Widgets.widgets;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class TablesTest {

  private final MutableClock clock = new MutableClock(Instant.now());
  @RegisterExtension final RunningApi dev = new RunningApi(clock, null);

  @Test
  void listsCustomResourcesWithTheCrdPrinterColumns() {
    Widgets.install(dev.client());
    widgets(dev.client()).resource(widget("w1", "large")).create();
    String seen = clock.instant().minus(Duration.ofMinutes(5)).toString();
    widgets(dev.client())
        .withName("w1")
        .editStatus(
            w ->
                withStatus(
                    w,
                    Map.of(
                        "ready",
                        true,
                        "count",
                        3,
                        "lastSeen",
                        seen,
                        "parts",
                        List.of(Map.of("name", "bolt"), Map.of("name", "nut")))));
    clock.advance(Duration.ofSeconds(90));

    JsonNode table =
        dev.http().get("/apis/test.cronlog.io/v1/namespaces/default/widgets", Http.TABLE).json();

    assertThat(table.path("kind").asString()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(names(table.path("columnDefinitions")))
        .containsExactly("Name", "SIZE", "READY", "PARTS", "COUNT", "LAST SEEN", "AGE");
    JsonNode cells = table.path("rows").path(0).path("cells");
    assertThat(cells.path(0).asString()).isEqualTo("w1");
    assertThat(cells.path(1).asString()).isEqualTo("large");
    assertThat(cells.path(2).isBoolean()).isTrue();
    assertThat(cells.path(2).asBoolean()).isTrue();
    // Only the first value a JSONPath reaches, as the apiextensions apiserver shows it.
    assertThat(cells.path(3).asString()).isEqualTo("bolt");
    assertThat(cells.path(4).asLong()).isEqualTo(3);
    assertThat(cells.path(5).asString()).isEqualTo("6m30s");
    assertThat(cells.path(6).asString()).isEqualTo("90s");
  }

  @Test
  void showsMissingValuesAsNullCells() {
    Widgets.install(dev.client());
    widgets(dev.client()).resource(widget("w1", "large")).create();

    JsonNode cells =
        dev.http()
            .get("/apis/test.cronlog.io/v1/namespaces/default/widgets", Http.TABLE)
            .json()
            .path("rows")
            .path(0)
            .path("cells");

    assertThat(cells.path(2).isNull()).isTrue();
    assertThat(cells.path(5).isNull()).isTrue();
  }

  @Test
  void rowsCarryPartialObjectMetadataByDefaultAndTheObjectWhenAsked() {
    Widgets.install(dev.client());
    widgets(dev.client()).resource(widget("w1", "large")).create();
    String path = "/apis/test.cronlog.io/v1/namespaces/default/widgets/w1";

    JsonNode metadataOnly =
        dev.http().get(path, Http.TABLE).json().path("rows").path(0).path("object");
    JsonNode whole =
        dev.http()
            .get(path + "?includeObject=Object", Http.TABLE)
            .json()
            .path("rows")
            .path(0)
            .path("object");
    JsonNode none =
        dev.http().get(path + "?includeObject=None", Http.TABLE).json().path("rows").path(0);

    assertThat(metadataOnly.path("kind").asString()).isEqualTo("PartialObjectMetadata");
    assertThat(metadataOnly.path("metadata").path("uid").asString()).isNotBlank();
    assertThat(metadataOnly.has("spec")).isFalse();
    assertThat(whole.path("spec").path("size").asString()).isEqualTo("large");
    assertThat(none.has("object")).isFalse();
  }

  @Test
  void listsJobsWithTheJobPrinterColumns() {
    dev.client().batch().v1().jobs().resource(DevKubernetesApiTest.job("running")).create();
    dev.client().batch().v1().jobs().resource(DevKubernetesApiTest.job("done")).create();
    Instant start = clock.instant().minus(Duration.ofSeconds(40));
    dev.client()
        .batch()
        .v1()
        .jobs()
        .withName("running")
        .editStatus(
            j ->
                new JobBuilder(j)
                    .editOrNewStatus()
                    .withStartTime(start.toString())
                    .withActive(1)
                    .endStatus()
                    .build());
    dev.client()
        .batch()
        .v1()
        .jobs()
        .withName("done")
        .editStatus(
            j ->
                new JobBuilder(j)
                    .editOrNewStatus()
                    .withStartTime(start.toString())
                    .withCompletionTime(start.plusSeconds(12).toString())
                    .withSucceeded(1)
                    .addNewCondition()
                    .withType("Complete")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());

    JsonNode table = dev.http().get("/apis/batch/v1/namespaces/default/jobs", Http.TABLE).json();

    assertThat(names(table.path("columnDefinitions")))
        .containsExactly(
            "Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector");
    assertThat(table.path("columnDefinitions").path(5).path("priority").asInt()).isEqualTo(1);
    assertThat(rowText(table, "running"))
        .containsExactly("running", "Running", "0/1", "40s", "0s", "main", "busybox", "<none>");
    assertThat(rowText(table, "done"))
        .containsExactly("done", "Complete", "1/1", "12s", "0s", "main", "busybox", "<none>");
  }

  @Test
  void listsOtherBuiltInsWithNameAndAge() {
    clock.advance(Duration.ofMinutes(3));

    JsonNode table = dev.http().get("/api/v1/namespaces", Http.TABLE).json();

    assertThat(names(table.path("columnDefinitions"))).containsExactly("Name", "Age");
    assertThat(rowText(table, "default")).containsExactly("default", "3m");
  }

  @Test
  void answersPlainJsonWhenNoTableIsAsked() {
    JsonNode list = dev.http().get("/api/v1/namespaces", "application/json").json();

    assertThat(list.path("kind").asString()).isEqualTo("List");
    assertThat(list.path("items").size()).isEqualTo(2);
  }

  private static List<String> names(JsonNode columns) {
    List<String> names = new ArrayList<>();
    columns.values().forEach(c -> names.add(c.path("name").asString()));
    return names;
  }

  private static List<String> rowText(JsonNode table, String name) {
    for (JsonNode row : table.path("rows").values()) {
      if (row.path("cells").path(0).asString().equals(name)) {
        List<String> cells = new ArrayList<>();
        row.path("cells").values().forEach(c -> cells.add(c.asString()));
        return cells;
      }
    }
    throw new AssertionError("no row for " + name + " in " + table);
  }

  private static GenericKubernetesResource withStatus(
      GenericKubernetesResource w, Map<String, Object> status) {
    w.setAdditionalProperty("status", status);
    return w;
  }
}
