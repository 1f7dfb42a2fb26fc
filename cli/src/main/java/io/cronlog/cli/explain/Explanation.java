package io.cronlog.cli.explain;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobSummary;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.UpdateStatus;
import io.cronlog.scheduler.decide.Decision;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the scheduler would decide for one ScheduledJob at one instant, and the status that follows
 * once the executor has carried it out: as one JSON object, or as lines a person reads.
 */
record Explanation(
    ScheduledJob scheduledJob,
    Instant now,
    List<Action> decisions,
    List<Event> events,
    List<String> active,
    Instant lastScheduleTime,
    Instant lastSuccessfulTime,
    Instant lastMissedTime,
    Instant nextScheduleTime,
    Instant nextWake) {

  /** A Job created or deleted. */
  record Action(String action, String jobName, Instant scheduledTime, String reason) {}

  /** An Event the decision records. */
  record Event(String type, String reason, String message) {}

  static Explanation of(ExplainInput input, Decision decision, Instant now) {
    ScheduledJob sj = input.scheduledJob();
    ScheduledJobStatus observed =
        sj.getStatus() == null ? new ScheduledJobStatus() : sj.getStatus();
    String name = sj.getMetadata().getName();
    List<Action> actions = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<String> active = new ArrayList<>();
    observed.getActive().forEach(ref -> active.add(ref.getName()));
    Instant lastSchedule = parse(observed.getLastScheduleTime());
    Instant lastSuccessful = parse(observed.getLastSuccessfulTime());
    Instant lastMissed = parse(observed.getLastMissedTime());
    Instant next = parse(observed.getNextScheduleTime());
    for (CommandRecord command : decision.commands()) {
      if (command instanceof CreateJob create) {
        String jobName =
            create.manual()
                ? Runs.manualJobName(name, create.scheduledTime(), create.manualTrigger())
                : Runs.jobName(name, create.scheduledTime());
        String reason =
            create.manual() ? "manual trigger " + create.manualTrigger() : create.reason().text();
        actions.add(new Action("CreateJob", jobName, create.scheduledTime(), reason));
        active.add(jobName);
        if (!create.manual()) {
          lastSchedule = later(lastSchedule, create.scheduledTime());
        }
      } else if (command instanceof DeleteJob delete) {
        Instant scheduled =
            input.jobs().stream()
                .filter(job -> job.uid().equals(delete.jobUid()))
                .findFirst()
                .map(JobSummary::scheduledTime)
                .orElse(null);
        actions.add(new Action("DeleteJob", delete.jobName(), scheduled, delete.reason()));
        active.remove(delete.jobName());
      } else if (command instanceof RecordEvent event) {
        events.add(new Event(event.eventType().name(), event.reason(), event.message()));
      } else if (command instanceof UpdateStatus update) {
        observed.getActive().stream()
            .filter(ref -> update.removeActiveUids().contains(ref.getUid()))
            .forEach(ref -> active.remove(ref.getName()));
        lastSuccessful = later(lastSuccessful, update.lastSuccessfulTime());
        lastMissed = later(lastMissed, update.lastMissedTime());
        // A suspended or invalid ScheduledJob's update clears nextScheduleTime: null is an answer
        // here.
        if (update.clearNextScheduleTime()) {
          next = null;
        } else if (update.nextScheduleTime() != null) {
          next = update.nextScheduleTime();
        }
      }
    }
    return new Explanation(
        sj,
        now,
        actions,
        events,
        List.copyOf(active),
        lastSchedule,
        lastSuccessful,
        lastMissed,
        next,
        decision.nextWake().orElse(null));
  }

  /** The object {@code -o json} prints; insertion order is the order of the keys. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "decisions",
        decisions.stream()
            .map(
                a -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("action", a.action());
                  m.put("jobName", a.jobName());
                  m.put("scheduledTime", text(a.scheduledTime()));
                  m.put("reason", a.reason());
                  return m;
                })
            .toList());
    json.put(
        "events",
        events.stream()
            .map(
                e -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("type", e.type());
                  m.put("reason", e.reason());
                  m.put("message", e.message());
                  return m;
                })
            .toList());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("active", active);
    status.put("lastScheduleTime", text(lastScheduleTime));
    status.put("lastSuccessfulTime", text(lastSuccessfulTime));
    status.put("lastMissedTime", text(lastMissedTime));
    status.put("nextScheduleTime", text(nextScheduleTime));
    json.put("status", status);
    json.put("nextWake", text(nextWake));
    return json;
  }

  /** A few lines: what happens now and why, then when the next run is. */
  List<String> toText() {
    ZoneId zone = zone();
    List<String> lines = new ArrayList<>();
    String ref =
        scheduledJob.getMetadata().getNamespace() == null
            ? scheduledJob.getMetadata().getName()
            : scheduledJob.getMetadata().getNamespace()
                + "/"
                + scheduledJob.getMetadata().getName();
    lines.add(ref + " at " + human(now, zone) + ":");
    for (Action action : decisions) {
      lines.add(
          action.action().equals("CreateJob")
              ? "  start Job "
                  + action.jobName()
                  + " for "
                  + human(action.scheduledTime(), zone)
                  + " ("
                  + action.reason()
                  + ")"
              : "  delete Job " + action.jobName() + " (" + action.reason() + ")");
    }
    for (Event event : events) {
      lines.add("  " + explain(event));
    }
    if (decisions.isEmpty() && events.isEmpty()) {
      lines.add("  nothing to do now");
    }
    String active = this.active.isEmpty() ? "none" : String.join(", ", this.active);
    lines.add("  active after: " + active);
    lines.add(
        nextScheduleTime == null
            ? "no next run (" + whyNoNext() + ")"
            : "next run " + human(nextScheduleTime, zone));
    if (nextWake != null && !nextWake.equals(nextScheduleTime)) {
      lines.add("looks again at " + human(nextWake, zone));
    }
    return lines;
  }

  private String explain(Event event) {
    return switch (event.reason()) {
      case "JobAlreadyActive" ->
          "Forbid: skipped because " + String.join(", ", active) + " is running";
      case "ManualRunWaiting" -> "Forbid: " + event.message();
      default -> event.type() + " " + event.reason() + ": " + event.message();
    };
  }

  private String whyNoNext() {
    if (scheduledJob.getMetadata().getDeletionTimestamp() != null) {
      return "being deleted";
    }
    if (Boolean.TRUE.equals(scheduledJob.getSpec().getSuspend())) {
      return "suspended";
    }
    return events.stream()
        .filter(e -> e.type().equals("Warning"))
        .map(Event::reason)
        .findFirst()
        .orElse("the schedule does not fire again");
  }

  private ZoneId zone() {
    String timeZone = scheduledJob.getSpec().getTimeZone();
    try {
      return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private static String human(Instant instant, ZoneId zone) {
    String id = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    return HUMAN.format(instant.atZone(zone)) + " " + id;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant later(Instant current, Instant candidate) {
    return candidate == null || (current != null && !candidate.isAfter(current))
        ? current
        : candidate;
  }

  static Instant parse(String rfc3339) {
    return KubeTimes.parseOrNull(rfc3339);
  }

  static Optional<Instant> parseInstant(String rfc3339) {
    return Optional.ofNullable(parse(rfc3339));
  }
}
