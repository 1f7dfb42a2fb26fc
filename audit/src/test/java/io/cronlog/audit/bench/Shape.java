package io.cronlog.audit.bench;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.testsupport.TeamJobTemplate;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one benchmark ScheduledJob behaves: its spec, how long its Jobs run, and which of its runs
 * fail or run long. The Job template is shaped like a team's real one (labels, a pod template with
 * a security context, env, resources and a config-map volume), so that a ScheduledJob observed is
 * about 2 KB of JSON and its Job about 1.9 KB, as in production rather than a bare busybox.
 *
 * @param jobDuration how long a Job runs
 * @param failEvery every n-th run of the ScheduledJob fails (0: none)
 * @param longEvery every n-th run takes {@code longDuration} instead (0: none)
 */
record Shape(
    String schedule,
    String timeZone,
    ConcurrencyPolicy policy,
    Long startingDeadlineSeconds,
    Duration jobDuration,
    int failEvery,
    int longEvery,
    Duration longDuration) {

  /** Every five minutes, Allow, 20 s Jobs: the common case. */
  static final Shape EVERY_5 =
      new Shape(
          "*/5 * * * *", null, ConcurrencyPolicy.Allow, null, Duration.ofSeconds(20), 0, 0, null);

  /** Every five minutes in Berlin time, 100 s Jobs, one run in ten failing. */
  static final Shape EVERY_5_FAILING =
      new Shape(
          "*/5 * * * *",
          "Europe/Berlin",
          ConcurrencyPolicy.Allow,
          null,
          Duration.ofSeconds(100),
          10,
          0,
          null);

  /**
   * Every five minutes under Forbid with a deadline: one run in 24 takes 7 minutes, so the next
   * time is skipped while it runs, then missed past its deadline (Events, not findings).
   */
  static final Shape EVERY_5_FORBID =
      new Shape(
          "*/5 * * * *",
          null,
          ConcurrencyPolicy.Forbid,
          60L,
          Duration.ofSeconds(45),
          0,
          24,
          Duration.ofMinutes(7));

  /** Every five minutes under Replace: one run in 20 outlives its period and is replaced. */
  static final Shape EVERY_5_REPLACE =
      new Shape(
          "*/5 * * * *",
          null,
          ConcurrencyPolicy.Replace,
          null,
          Duration.ofMinutes(4),
          0,
          20,
          Duration.ofMinutes(6));

  /** Every minute, 10 s Jobs. */
  static final Shape EVERY_MINUTE =
      new Shape(
          "* * * * *", null, ConcurrencyPolicy.Allow, null, Duration.ofSeconds(10), 0, 0, null);

  /** Hourly under Forbid, 5-minute Jobs. */
  static final Shape HOURLY =
      new Shape(
          "0 * * * *", null, ConcurrencyPolicy.Forbid, null, Duration.ofMinutes(5), 0, 0, null);

  /** Every other hour at a quarter past, in Tokyo time. */
  static final Shape TWO_HOURLY =
      new Shape(
          "15 */2 * * *",
          "Asia/Tokyo",
          ConcurrencyPolicy.Allow,
          null,
          Duration.ofMinutes(2),
          0,
          0,
          null);

  /** Daily at 02:30 New York time, 20-minute Jobs. */
  static final Shape DAILY =
      new Shape(
          "30 2 * * *",
          "America/New_York",
          ConcurrencyPolicy.Forbid,
          300L,
          Duration.ofMinutes(20),
          0,
          0,
          null);

  /**
   * The mix of a cluster's ScheduledJobs, one entry per ScheduledJob in a round of 40: mostly every
   * five minutes, some hourly, a few every minute and daily.
   */
  static final List<Shape> MIX = mix();

  private static List<Shape> mix() {
    Map<Shape, Integer> weights =
        Map.of(
            EVERY_5,
            16,
            EVERY_5_FAILING,
            6,
            EVERY_5_FORBID,
            5,
            EVERY_5_REPLACE,
            2,
            EVERY_MINUTE,
            1,
            HOURLY,
            4,
            TWO_HOURLY,
            3,
            DAILY,
            3);
    List<Shape> order =
        List.of(
            EVERY_5,
            EVERY_5_FAILING,
            EVERY_5_FORBID,
            HOURLY,
            EVERY_5,
            TWO_HOURLY,
            DAILY,
            EVERY_5_REPLACE,
            EVERY_MINUTE);
    List<Shape> round = new ArrayList<>();
    // Interleaved, so that any prefix of the round holds every shape in about its share.
    for (int pass = 0; round.size() < 40; pass++) {
      for (Shape shape : order) {
        if (pass < weights.get(shape) && round.size() < 40) {
          round.add(shape);
        }
      }
    }
    return List.copyOf(round);
  }

  /** The ScheduledJobs of {@link #MIX} that run every five minutes, in their proportions there. */
  static final List<Shape> EVERY_5_MIX =
      MIX.stream().filter(shape -> shape.schedule().equals("*/5 * * * *")).toList();

  /** The spec of a ScheduledJob of this shape named {@code name}. */
  void applyTo(ScheduledJobSpec spec, String name) {
    spec.setSchedule(schedule);
    spec.setTimeZone(timeZone);
    spec.setConcurrencyPolicy(policy);
    spec.setStartingDeadlineSeconds(startingDeadlineSeconds);
    spec.setJobTemplate(template(name));
  }

  /** How long run number {@code run} (1-based) of this shape runs. */
  Duration durationOf(long run) {
    return longEvery > 0 && run % longEvery == 0 ? longDuration : jobDuration;
  }

  /** Whether run number {@code run} (1-based) fails. */
  boolean fails(long run) {
    return failEvery > 0 && run % failEvery == 0;
  }

  private static JobTemplateSpec template(String name) {
    return TeamJobTemplate.of(name, "registry.example.com/team-a/" + name + ":1.4.7");
  }
}
