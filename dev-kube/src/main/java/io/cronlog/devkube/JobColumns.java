package io.cronlog.devkube;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The columns and cells of kubectl's Job printer (STATUS, COMPLETIONS, DURATION, AGE; wide:
 * CONTAINERS, IMAGES, SELECTOR).
 */
final class JobColumns {

  static final List<PrinterColumn> COLUMNS =
      List.of(
          PrinterColumn.text("Status", "Status of the job.", 0),
          PrinterColumn.text("Completions", "The number of pods which reached phase Succeeded.", 0),
          PrinterColumn.text("Duration", "Time required to complete the job.", 0),
          PrinterColumn.text(
              "Age",
              "CreationTimestamp is a timestamp representing the server time when this "
                  + "object was created.",
              0),
          PrinterColumn.text("Containers", "Names of each container in the template.", 1),
          PrinterColumn.text("Images", "Images referenced by each container in the template.", 1),
          PrinterColumn.text(
              "Selector", "A label query over pods that should match the pod count.", 1));

  private JobColumns() {}

  /** The cells after Name, in the order of {@link #COLUMNS}. */
  static List<String> cells(JsonNode job, Instant now) {
    JsonNode spec = job.path("spec");
    JsonNode status = job.path("status");
    long succeeded = status.path("succeeded").asLong(0);
    String completions;
    if (spec.path("completions").isNumber()) {
      completions = succeeded + "/" + spec.path("completions").asLong();
    } else if (spec.path("parallelism").asLong(0) > 1) {
      completions = succeeded + "/1 of " + spec.path("parallelism").asLong();
    } else {
      completions = succeeded + "/1";
    }
    List<String> containers = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (JsonNode c : spec.path("template").path("spec").path("containers").values()) {
      containers.add(c.path("name").asString(""));
      images.add(c.path("image").asString(""));
    }
    return List.of(
        status(job),
        completions,
        duration(status, now),
        Tables.age(Json.text(job, "metadata", "creationTimestamp"), now),
        String.join(",", containers),
        String.join(",", images),
        selector(spec.path("selector")));
  }

  private static String status(JsonNode job) {
    if (hasCondition(job, "Complete")) {
      return "Complete";
    } else if (hasCondition(job, "Failed")) {
      return "Failed";
    } else if (job.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    } else if (hasCondition(job, "Suspended")) {
      return "Suspended";
    } else if (hasCondition(job, "FailureTarget")) {
      return "FailureTarget";
    } else if (hasCondition(job, "SuccessCriteriaMet")) {
      return "SuccessCriteriaMet";
    }
    return "Running";
  }

  private static boolean hasCondition(JsonNode job, String type) {
    for (JsonNode c : job.path("status").path("conditions").values()) {
      if (type.equals(Json.text(c, "type")) && "True".equals(Json.text(c, "status"))) {
        return true;
      }
    }
    return false;
  }

  private static String duration(JsonNode status, Instant now) {
    String start = Json.text(status, "startTime");
    if (start == null) {
      return "";
    }
    String end = Json.text(status, "completionTime");
    Instant until = end == null ? now : Instant.parse(end);
    return HumanDuration.format(Duration.between(Instant.parse(start), until));
  }

  private static String selector(JsonNode selector) {
    Map<String, String> labels = new TreeMap<>();
    selector
        .path("matchLabels")
        .properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    List<String> parts = new ArrayList<>();
    labels.forEach((k, v) -> parts.add(k + "=" + v));
    for (JsonNode e : selector.path("matchExpressions").values()) {
      List<String> values = new ArrayList<>();
      e.path("values").values().forEach(v -> values.add(v.asString("")));
      parts.add(
          Json.text(e, "key")
              + " "
              + Json.text(e, "operator").toLowerCase(Locale.ROOT)
              + " ("
              + String.join(",", values)
              + ")");
    }
    return parts.isEmpty() ? "<none>" : String.join(",", parts);
  }
}
