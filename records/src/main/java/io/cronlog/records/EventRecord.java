package io.cronlog.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record on {@code cronlog.events}: one observed change of a ScheduledJob or of a Job it owns. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScheduledJobObserved.class, name = "ScheduledJobObserved"),
    @JsonSubTypes.Type(value = JobObserved.class, name = "JobObserved")})
public sealed interface EventRecord extends CronlogRecord permits ScheduledJobObserved, JobObserved {

  Change change();

  /** The resourceVersion of the object as observed. */
  String resourceVersion();
}
