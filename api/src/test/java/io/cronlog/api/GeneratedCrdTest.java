package io.cronlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedCrdTest {

  private static final String GENERATED = "META-INF/fabric8/scheduledjobs.cronlog.io-v1.yml";
  private static final Path DEPLOYED =
      Path.of("..", "deploy", "crds", "scheduledjobs.cronlog.io-v1.yml");

  @Test
  void deployedCopyIsWhatTheBuildGenerates() throws IOException {
    assertThat(Files.readString(DEPLOYED))
        .as(
            "deploy/ holds a stale CRD; refresh it with: cp api/target/classes/%s deploy/crds/",
            GENERATED)
        .isEqualTo(generated());
  }

  @Test
  void printerColumnsAreThoseOfCronJobInItsOrder() throws IOException {
    assertThat(version().getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly(
            "SCHEDULE",
            "TIMEZONE",
            "SUSPEND",
            "ACTIVE",
            "LAST SCHEDULE",
            "READY",
            "REASON",
            "NEXT SCHEDULE",
            "LAST SUCCESSFUL",
            "AGE",
            "CONTAINERS",
            "IMAGES");
    assertThat(version().getAdditionalPrinterColumns())
        .filteredOn(c -> c.getPriority() == 1)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("REASON", "CONTAINERS", "IMAGES");
  }

  @Test
  void servesStatusAsASubresourceUnderShortNameSj() throws IOException {
    CustomResourceDefinition crd = crd();
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("sj");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(version().getSubresources().getStatus()).isNotNull();
  }

  @Test
  void schemaCarriesTheDefaultsOfBatchV1() throws IOException {
    JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired()).contains("schedule", "jobTemplate");
    assertThat(spec.getProperties().get("concurrencyPolicy").getDefault().asText())
        .isEqualTo("Allow");
    assertThat(spec.getProperties().get("concurrencyPolicy").getEnum())
        .extracting(Object::toString)
        .containsExactly("\"Allow\"", "\"Forbid\"", "\"Replace\"");
    assertThat(spec.getProperties().get("successfulJobsHistoryLimit").getDefault().asInt())
        .isEqualTo(3);
    assertThat(spec.getProperties().get("failedJobsHistoryLimit").getDefault().asInt())
        .isEqualTo(1);
  }

  @Test
  void schemaRefusesWhatBatchV1RefusesBeforeAnythingIsStored() throws IOException {
    JSONSchemaProps root = version().getSchema().getOpenAPIV3Schema();
    JSONSchemaProps spec = root.getProperties().get("spec");
    assertThat(root.getRequired()).containsExactly("spec");
    assertThat(rules(root)).containsExactly("self.metadata.name.size() <= 52");
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("schedule", "jobTemplate");
    for (String field :
        new String[] {
          "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"
        }) {
      assertThat(spec.getProperties().get(field).getMinimum()).as(field).isEqualTo(0.0);
    }
    JSONSchemaProps schedule = spec.getProperties().get("schedule");
    assertThat(rules(schedule))
        .containsExactly(CrdRules.SCHEDULE_WITHOUT_TZ, CrdRules.SCHEDULE_SHAPE);
    assertThat(rules(spec.getProperties().get("timeZone")))
        .containsExactly(CrdRules.TIME_ZONE_SHAPE);
    assertThat(rules(spec.getProperties().get("jobTemplate")))
        .containsExactly(CrdRules.NO_SELECTOR, CrdRules.HAS_CONTAINERS);
  }

  @Test
  void everyStringARuleScansHasAMaxLengthSoTheApiServerCanBoundItsCost() throws IOException {
    JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getProperties().get("schedule").getMaxLength()).isEqualTo(1024L);
    assertThat(spec.getProperties().get("timeZone").getMaxLength()).isEqualTo(64L);
  }

  private static List<String> rules(JSONSchemaProps schema) {
    return schema.getXKubernetesValidations() == null
        ? List.of()
        : schema.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
  }

  private static CustomResourceDefinitionVersion version() throws IOException {
    return crd().getSpec().getVersions().get(0);
  }

  private static CustomResourceDefinition crd() throws IOException {
    return Serialization.unmarshal(generated(), CustomResourceDefinition.class);
  }

  private static String generated() throws IOException {
    try (InputStream in = GeneratedCrdTest.class.getClassLoader().getResourceAsStream(GENERATED)) {
      assertThat(in).as("the build generates %s", GENERATED).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
