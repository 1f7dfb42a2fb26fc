package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CrdEstablishmentTest {

  private static final Instant NOW = Instant.parse("2026-12-06T18:30:12.345Z");

  @Test
  void anEstablishedCrdHasItsNamesAcceptedAndTheEstablishedConditionTrue() {
    JsonNode status =
        CrdEstablishment.established(crd("v1", false, "v2", false), NOW).path("status");

    assertThat(status.path("acceptedNames").path("plural").asString()).isEqualTo("scheduledjobs");
    assertThat(status.path("conditions").values())
        .extracting(c -> c.path("type").asString(), c -> c.path("status").asString())
        .containsExactly(Tuple.tuple("NamesAccepted", "True"), Tuple.tuple("Established", "True"));
    assertThat(status.path("conditions").path(1).path("lastTransitionTime").asString())
        .isEqualTo("2026-12-06T18:30:12Z");
  }

  @Test
  void theStoredVersionIsTheOneMarkedForStorageNotTheFirst() {
    JsonNode status =
        CrdEstablishment.established(crd("v1", false, "v2", true), NOW).path("status");

    assertThat(status.path("storedVersions").values())
        .extracting(JsonNode::asString)
        .containsExactly("v2");
  }

  @Test
  void withNoVersionMarkedForStorageTheFirstIsStored() {
    JsonNode status =
        CrdEstablishment.established(crd("v1", false, "v2", false), NOW).path("status");

    assertThat(status.path("storedVersions").values())
        .extracting(JsonNode::asString)
        .containsExactly("v1");
  }

  @Test
  void theCrdGivenIsLeftAsItWas() {
    JsonNode crd = crd("v1", true, "v2", false);

    CrdEstablishment.established(crd, NOW);

    assertThat(crd.has("status")).isFalse();
  }

  private static JsonNode crd(
      String first, boolean firstStored, String second, boolean secondStored) {
    return Json.read(
        """
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "scheduledjobs.cronlog.io"},
         "spec": {"group": "cronlog.io",
                  "names": {"plural": "scheduledjobs", "kind": "ScheduledJob"},
                  "versions": [{"name": "%s", "storage": %b}, {"name": "%s", "storage": %b}]}}
        """
            .formatted(first, firstStored, second, secondStored));
  }
}
