package io.cronlog.devkube;

import java.util.Optional;

/**
 * The answer to a create of a {@code batch/v1} CronJob: refused, with the way to a ScheduledJob.
 * This API runs no CronJob controller, so a stored CronJob would never run, and nothing would say
 * so. Lists, gets and watches of cronjobs are still served (empty), so tools that list them work.
 */
final class CronJobRefusal {

  static final String MESSAGE =
      "cronlog dev runs ScheduledJobs (cronlog.io/v1), not CronJobs, which it would "
          + "store and never run: change apiVersion: batch/v1 to cronlog.io/v1 and kind: CronJob to ScheduledJob "
          + "(README.md, \"Converting a CronJob\")";

  private CronJobRefusal() {}

  /** The 400 for a POST to a CronJob collection; empty for every other request. */
  static Optional<Reply> of(String method, ResourcePath path) {
    if (method.equals("POST")
        && path.group().equals("batch")
        && path.plural().equals("cronjobs")
        && path.isCollection()) {
      return Optional.of(Reply.status(400, Statuses.status(400, "BadRequest", MESSAGE)));
    }
    return Optional.empty();
  }
}
