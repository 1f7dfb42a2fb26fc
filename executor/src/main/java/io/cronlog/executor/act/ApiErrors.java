package io.cronlog.executor.act;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * Classifies a failed Kubernetes API call: overload and server errors are transient, a namespace
 * that is being terminated or is gone is permanent, and so is a request the server rejects.
 */
public final class ApiErrors {

  static final int TOO_MANY_REQUESTS = 429;
  static final int CONFLICT = 409;
  static final int NOT_FOUND = 404;

  /**
   * The cause type (JSON {@code reason}) the namespace lifecycle admission plugin puts on its 403.
   */
  static final String NAMESPACE_TERMINATING = "NamespaceTerminating";

  private ApiErrors() {}

  /** The result of a command whose call {@code what} failed with {@code e}. */
  public static ActionResult failure(String what, KubernetesClientException e) {
    int code = e.getCode();
    String detail = what + " failed: " + describe(e);
    if (isNamespaceTerminating(e)) {
      return ActionResult.permanentFailure(
          what + " failed: namespace " + e.getNamespace() + " is being terminated");
    }
    if (isNamespaceMissing(e)) {
      return ActionResult.permanentFailure(what + " failed: the namespace does not exist");
    }
    // 0 or -1: no HTTP answer at all (connection refused, reset, timed out; fabric8 says -1 for
    // a request that timed out waiting for a connection or an answer).
    // 401/403: credentials or RBAC, which an operator can fix while we wait.
    // 409: a conflict that survived our own re-reads.
    if (code <= 0
        || code == TOO_MANY_REQUESTS
        || code >= 500
        || code == 401
        || code == 403
        || code == CONFLICT) {
      return ActionResult.transientFailure(detail, retryAfter(e));
    }
    return ActionResult.permanentFailure(detail);
  }

  /**
   * Whether {@code e}, from a create, says the object exists. On a create the API server answers
   * 409 only for that; we do not insist on reason AlreadyExists, which the fabric8 mock server does
   * not send (it says Invalid).
   */
  public static boolean isAlreadyExists(KubernetesClientException e) {
    return e.getCode() == CONFLICT;
  }

  /** Whether {@code e}, from an update, says the resourceVersion we sent is stale. */
  public static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == CONFLICT;
  }

  static boolean isNamespaceTerminating(KubernetesClientException e) {
    if (e.getCode() != 403) {
      return false;
    }
    StatusDetails details = details(e);
    boolean cause =
        details != null
            && details.getCauses() != null
            && details.getCauses().stream()
                .anyMatch(c -> NAMESPACE_TERMINATING.equals(c.getReason()));
    String message = e.getStatus() == null ? null : e.getStatus().getMessage();
    return cause || (message != null && message.contains("because it is being terminated"));
  }

  static boolean isNamespaceMissing(KubernetesClientException e) {
    StatusDetails details = details(e);
    return e.getCode() == NOT_FOUND && details != null && "namespaces".equals(details.getKind());
  }

  private static Duration retryAfter(KubernetesClientException e) {
    StatusDetails details = details(e);
    Integer seconds = details == null ? null : details.getRetryAfterSeconds();
    return seconds == null || seconds < 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
  }

  private static StatusDetails details(KubernetesClientException e) {
    Status status = e.getStatus();
    return status == null ? null : status.getDetails();
  }

  private static String describe(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null) {
      return e.getCode() + " " + status.getReason() + ": " + status.getMessage();
    }
    Throwable cause = e.getCause();
    return e.getCode() + " " + e.getMessage() + (cause == null ? "" : " (" + cause + ")");
  }
}
