package io.cronlog.records;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A record on {@code cronlog.outcomes}: what the executor did with one command. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(value = CommandOutcome.class, name = "CommandOutcome"))
public sealed interface OutcomeRecord extends CronlogRecord permits CommandOutcome {}
