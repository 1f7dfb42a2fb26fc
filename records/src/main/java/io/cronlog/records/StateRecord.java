package io.cronlog.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record on {@code cronlog.state}: the latest aggregate of one ScheduledJob. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = ScheduledJobState.class, name = "ScheduledJobState"))
public sealed interface StateRecord extends CronlogRecord permits ScheduledJobState {}
