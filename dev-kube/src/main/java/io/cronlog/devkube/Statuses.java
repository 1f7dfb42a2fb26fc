package io.cronlog.devkube;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code v1} Status bodies, shaped as a real apiserver sends them so kubectl prints its usual
 * errors.
 */
final class Statuses {

  private Statuses() {}

  static String status(int code, String reason, String message) {
    ObjectNode status = Json.object();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    return Json.write(status);
  }

  static String notFound(ResourcePath path) {
    return status(404, "NotFound", qualified(path) + " \"" + path.name() + "\" not found");
  }

  static String conflict(ResourcePath path) {
    return status(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + qualified(path)
            + " \""
            + path.name()
            + "\": the object has been modified; please apply your changes to the latest version and try again");
  }

  /**
   * The CRUD mock reports every refusal with reason Invalid; clients and kubectl tell AlreadyExists
   * from Conflict by the reason, so set the one a real apiserver gives.
   */
  static String withConflictReason(String body) {
    JsonNode status = Json.read(body);
    if (!status.isObject() || !"Status".equals(Json.text(status, "kind"))) {
      return body;
    }
    String message = Json.text(status, "message");
    String reason =
        message != null && message.contains("already exists") ? "AlreadyExists" : "Conflict";
    ((ObjectNode) status).put("reason", reason);
    return Json.write(status);
  }

  private static String qualified(ResourcePath path) {
    return path.group().isEmpty() ? path.plural() : path.plural() + "." + path.group();
  }
}
