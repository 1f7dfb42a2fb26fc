package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shipped CRD's shape rules for schedule and timeZone, evaluated as the dev API evaluates them
 * (CEL, RE2): what robfig parses passes; a shape it cannot parse is refused; a shape that parses
 * but names nothing ({@code 0 0 L * *}, {@code Mars/Olympus}) passes, for the scheduler to judge.
 */
class ScheduleShapeRuleTest {

  private static final Admission ADMISSION = new Admission();
  private static final JsonNode SCHEMA = schema();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "* * * * *",
        "*/5 * * * *",
        "0 0 13 * 5",
        "30 10,11,12 * * 1-5",
        "0 0 * JAN-mar sun",
        "  0 0 * * *  ",
        "0\t0 * * ?",
        "0\u00a00 * * *",
        "@hourly",
        "@annually",
        "@every 1h30m",
        "@every 1.5h",
        "@every 0",
        "0 0 L * *",
        "61 * * * *"
      })
  void passesWhatHasTheShapeOfASchedule(String schedule) {
    assertThat(problems(Map.of("schedule", schedule))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0 0 * *",
        "0 0 6 * * *",
        "@reboot",
        "@Daily",
        " @daily",
        "@every",
        "@every 1x",
        "0 0 1#2 * *",
        "TZ=UTC 0 0 * * *"
      })
  void refusesWhatCannotBeASchedule(String schedule) {
    assertThat(problems(Map.of("schedule", schedule)))
        .hasSize(1)
        .first()
        .asString()
        .startsWith("spec.schedule:");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UTC",
        "Europe/Berlin",
        "America/Argentina/ComodRivadavia",
        "Etc/GMT+5",
        "Mars/Olympus"
      })
  void passesWhatHasTheShapeOfAZoneName(String zone) {
    assertThat(problems(Map.of("timeZone", zone))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Local",
        "LOCAL",
        "",
        "../etc/passwd",
        "-Berlin",
        "Europe/Berlin ",
        "Europe//Berlin"
      })
  void refusesWhatCannotBeAZoneName(String zone) {
    assertThat(problems(Map.of("timeZone", zone)))
        .hasSize(1)
        .first()
        .asString()
        .startsWith("spec.timeZone:");
  }

  /** The causes for a valid ScheduledJob with {@code fields} of its spec replaced. */
  private static List<String> problems(Map<String, String> fields) {
    ObjectNode sj = ScheduledJobAdmissionTest.valid("report");
    fields.forEach(((ObjectNode) sj.path("spec"))::put);
    return ADMISSION
        .refusal("ScheduledJob", "cronlog.io", SCHEMA, sj)
        .map(
            status ->
                Json.read(status)
                    .path("details")
                    .path("causes")
                    .valueStream()
                    .map(c -> c.path("field").asString() + ": " + c.path("message").asString())
                    .toList())
        .orElse(List.of());
  }

  private static JsonNode schema() {
    try {
      String yaml = Files.readString(ScheduledJobAdmissionTest.CRD);
      JsonNode crd = Json.read(Serialization.asJson(Serialization.unmarshal(yaml, Map.class)));
      assertThat(ADMISSION.crdProblems(crd)).isEmpty();
      return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
