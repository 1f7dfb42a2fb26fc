package io.cronlog.devkube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status a real apiserver gives a CustomResourceDefinition once its names are accepted; tools
 * wait for its {@code Established} condition ({@code kubectl wait --for=condition=Established}).
 */
final class CrdEstablishment {

  private CrdEstablishment() {}

  /**
   * {@code crd} with that status as of {@code now}: its names accepted, its storage version stored,
   * and {@code NamesAccepted} and {@code Established} True.
   */
  static ObjectNode established(JsonNode crd, Instant now) {
    String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode updated = (ObjectNode) crd.deepCopy();
    ObjectNode status = updated.putObject("status");
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    status.putArray("storedVersions").add(storageVersion(crd));
    var conditions = status.putArray("conditions");
    conditions
        .addObject()
        .put("type", "NamesAccepted")
        .put("status", "True")
        .put("reason", "NoConflicts")
        .put("message", "no conflicts found")
        .put("lastTransitionTime", at);
    conditions
        .addObject()
        .put("type", "Established")
        .put("status", "True")
        .put("reason", "InitialNamesAccepted")
        .put("message", "the initial names have been accepted")
        .put("lastTransitionTime", at);
    return updated;
  }

  /** The version marked for storage; the first one when none is. */
  private static String storageVersion(JsonNode crd) {
    for (JsonNode version : crd.path("spec").path("versions").values()) {
      if (version.path("storage").asBoolean(false)) {
        return version.path("name").asString("");
      }
    }
    return crd.path("spec").path("versions").path(0).path("name").asString("");
  }
}
