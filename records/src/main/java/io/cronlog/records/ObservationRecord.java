package io.cronlog.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A record on {@code cronlog.events}: one observed change of a ScheduledJob or of a Job it owns.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ScheduledJobObserved.class, name = "ScheduledJobObserved"),
  @JsonSubTypes.Type(value = JobObserved.class, name = "JobObserved")
})
public sealed interface ObservationRecord extends CronlogRecord
    permits ScheduledJobObserved, JobObserved {

  Change change();

  /** The resourceVersion of the object as observed. */
  String resourceVersion();

  /**
   * The parts of the object left out because the whole record was larger than the topic accepts
   * (for example {@code metadata.managedFields}); empty for a whole object. The whole record is
   * then on the dead-letter topic.
   */
  List<String> omitted();
}
