package io.cronlog.audit.sim;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.time.Instant;

/**
 * One hour and ten minutes of cronlog, scripted: every kind of thing an auditor must be told about,
 * each on a ScheduledJob of its own in namespace {@code team-a}.
 *
 * <ul>
 *   <li>{@code edits}: a schedule edit (no run for the new schedule's time before the edit), then a
 *       time-zone edit;
 *   <li>{@code pause}: suspended, then resumed: the catch-up of a time due while suspended;
 *   <li>{@code forbid}: a run still active under Forbid skips the next time, which then misses its
 *       deadline;
 *   <li>{@code downtime}: the scheduler is down for two of its times: both superseded by one late
 *       catch-up run;
 *   <li>{@code manual}: two runs asked for by hand;
 *   <li>{@code redelivered}: a command the executor is given twice;
 *   <li>{@code handmade}: a Job deleted by hand while it runs, and a Job created by hand under it;
 *   <li>{@code recreated}: deleted, and created again under its name with another schedule.
 * </ul>
 *
 * What an audit must find in it: exactly one late run (downtime, 11:00) and one unexplained Job
 * (handmade).
 */
public final class ScriptedHistory {

  public static final Instant START = Instant.parse("2026-11-27T10:00:30Z");
  public static final Instant END = Instant.parse("2026-11-27T11:10:30Z");

  /** The scheduler is down from here... */
  public static final Instant DOWN = Instant.parse("2026-11-27T10:51:30Z");

  /** ...to here. */
  public static final Instant UP = Instant.parse("2026-11-27T11:03:00Z");

  public static final String HAND_MADE_JOB = "handmade-fix-by-hand";

  private ScriptedHistory() {}

  /** The history, written to {@code topics}. */
  public static SimulatedCronlog write(Topics topics) {
    SimulatedCronlog cronlog = new SimulatedCronlog(topics, START);
    Script script = new Script(cronlog, Duration.ofSeconds(1), Duration.ofSeconds(20));
    // Every five minutes up to 10:50: these ScheduledJobs have no time in the scheduler's downtime.
    String hourTen = "0-50/5 10 * * *";
    cronlog.create("team-a", "edits", spec -> spec.setSchedule("*/10 * * * *"));
    cronlog.create("team-a", "pause", spec -> spec.setSchedule(hourTen));
    cronlog.create(
        "team-a",
        "forbid",
        spec -> {
          spec.setSchedule(hourTen);
          spec.setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
          spec.setStartingDeadlineSeconds(60L);
        });
    cronlog.create("team-a", "downtime", spec -> spec.setSchedule("*/5 * * * *"));
    cronlog.create("team-a", "manual", spec -> spec.setSchedule("0 0 1 1 *"));
    cronlog.create("team-a", "redelivered", spec -> spec.setSchedule(hourTen));
    cronlog.create("team-a", "handmade", spec -> spec.setSchedule(hourTen));
    cronlog.create("team-a", "recreated", spec -> spec.setSchedule(hourTen));
    script.hold(Runs.jobName("forbid", at("10:05:00")), Duration.ofMinutes(7));
    script.hold(HAND_MADE_JOB, Duration.ofMinutes(5));

    script.runUntil(at("10:07:00"));
    cronlog.edit("team-a", "pause", spec -> spec.setSuspend(true));
    script.runUntil(at("10:08:00"));
    cronlog.annotate("team-a", "manual", Runs.TRIGGER_ANNOTATION, "first");
    script.runUntil(at("10:12:00"));
    cronlog.edit("team-a", "edits", spec -> spec.setSchedule("11 * * * *"));
    script.runUntil(at("10:15:05"));
    CommandRecord run =
        cronlog.trail().stream()
            .map(SimulatedCronlog.Written::record)
            .filter(
                r ->
                    r instanceof CreateJob c
                        && c.target().name().equals("redelivered")
                        && c.scheduledTime().equals(at("10:15:00")))
            .map(CommandRecord.class::cast)
            .findFirst()
            .orElseThrow();
    cronlog.redeliver(run);
    script.runUntil(at("10:15:10"));
    cronlog.deleteJob(Runs.jobName("handmade", at("10:15:00")));
    script.runUntil(at("10:22:00"));
    cronlog.createJobByHand("team-a", "handmade", HAND_MADE_JOB);
    script.runUntil(at("10:22:30"));
    cronlog.delete("team-a", "recreated");
    script.runUntil(at("10:23:00"));
    cronlog.edit("team-a", "pause", spec -> spec.setSuspend(false));
    script.runUntil(at("10:26:30"));
    cronlog.create("team-a", "recreated", spec -> spec.setSchedule("5-45/10 10 * * *"));
    script.runUntil(at("10:30:00"));
    cronlog.annotate("team-a", "manual", Runs.TRIGGER_ANNOTATION, "second");
    cronlog.edit("team-a", "edits", spec -> spec.setTimeZone("Asia/Kolkata"));
    script.runUntil(DOWN);
    cronlog.schedulerUp(false);
    script.runUntil(UP);
    cronlog.schedulerUp(true);
    script.runUntil(END);
    return cronlog;
  }

  /** 10:05:00 and the like, on the history's day. */
  public static Instant at(String time) {
    return Instant.parse("2026-11-27T" + time + "Z");
  }
}
