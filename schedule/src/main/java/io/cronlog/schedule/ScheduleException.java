package io.cronlog.schedule;

/**
 * Why a ScheduledJob's schedule cannot be used; each subtype maps to one Kubernetes Warning reason.
 */
public abstract sealed class ScheduleException extends Exception
    permits InvalidScheduleException, UnknownTimeZoneException {

  private static final long serialVersionUID = 1L;

  ScheduleException(String message) {
    super(message);
  }

  /**
   * The reason of the Warning Event that the Kubernetes CronJob controller records for this
   * problem.
   */
  public abstract String eventReason();
}
