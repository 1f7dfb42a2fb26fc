package io.cronlog.audit.timeline;

import io.cronlog.audit.read.RecordRef;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fact of a ScheduledJob's timeline: when, what kind, a line for a person, the fields a program
 * reads, and the records that show it.
 *
 * @param zone the ScheduledJob's time zone then, to show the time in as well as in UTC
 * @param fields what a program reads ({@code fate}, {@code job}, {@code latenessSeconds}, ...), in
 *     order
 */
public record TimelineEntry(
    Instant time,
    String uid,
    ZoneId zone,
    Kind kind,
    String text,
    Map<String, Object> fields,
    List<RecordRef> records) {

  public TimelineEntry {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    records = List.copyOf(records);
  }

  /** The kinds of fact. */
  public enum Kind {
    CREATED("created"),
    SPEC_CHANGED("spec-changed"),
    DELETED("deleted"),
    RUN("run"),
    MANUAL_RUN("manual-run"),
    JOB_STARTED("job-started"),
    JOB_SUCCEEDED("job-succeeded"),
    JOB_FAILED("job-failed"),
    JOB_DELETED("job-deleted"),
    EVENT("event"),
    COMMAND_REFUSED("command-refused"),
    DEAD_LETTER("dead-letter"),
    UNREADABLE("unreadable");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
