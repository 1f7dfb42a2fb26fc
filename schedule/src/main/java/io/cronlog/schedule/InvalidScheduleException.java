package io.cronlog.schedule;

/**
 * The schedule text does not parse; the controller's Warning reason is {@code UnparseableSchedule}.
 */
public final class InvalidScheduleException extends ScheduleException {

  private static final long serialVersionUID = 1L;

  InvalidScheduleException(String message) {
    super(message);
  }

  @Override
  public String eventReason() {
    return "UnparseableSchedule";
  }
}
