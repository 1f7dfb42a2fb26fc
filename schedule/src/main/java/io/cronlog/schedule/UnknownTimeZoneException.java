package io.cronlog.schedule;

/**
 * The time zone is not an IANA zone we can load; the controller's Warning reason is {@code
 * UnknownTimeZone}.
 */
public final class UnknownTimeZoneException extends ScheduleException {

  private static final long serialVersionUID = 1L;

  UnknownTimeZoneException(String message) {
    super(message);
  }

  @Override
  public String eventReason() {
    return "UnknownTimeZone";
  }
}
