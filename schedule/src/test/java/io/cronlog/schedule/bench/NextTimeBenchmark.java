package io.cronlog.schedule.bench;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.UnaryOperator;
import org.quartz.CronExpression;

/**
 * Prints next-time evaluations per second for cronlog's evaluator beside cron-utils (UNIX) and
 * Quartz's CronExpression, for typical, rare and never-firing schedules. A main class rather than a
 * timed test, so that a slow machine cannot fail the build; see docs/schedules.md for how to run.
 *
 * <p>Each evaluation asks for the next time after the previous result (starting again from the
 * start instant when there is none), so the figures include the search, not parsing.
 */
public final class NextTimeBenchmark {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final long WARM_UP_NANOS = 1_000_000_000L;
  private static final long MEASURE_NANOS = 2_000_000_000L;

  /** A schedule as each library writes it; null where the library cannot express it. */
  record Case(String label, String cron, String quartz) {}

  private static final List<Case> CASES =
      List.of(
          new Case("typical", "*/5 * * * *", "0 */5 * * * ?"),
          new Case("typical", "30 10,11,12 * * 1-5", "0 30 10,11,12 ? * MON-FRI"),
          new Case("rare", "0 0 29 2 *", "0 0 0 29 2 ?"),
          new Case("never", "0 0 30 2 *", "0 0 0 30 2 ?"),
          // The OR rule: 13th or Friday. Quartz cannot say it.
          new Case("or-rule", "0 0 13 * 5", null));

  private static volatile long sink;

  private NextTimeBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> zones = args.length > 0 ? List.of(args) : List.of("UTC", "America/New_York");
    System.out.printf(
        "%-8s %-20s %-17s %15s %15s %15s%n",
        "kind", "schedule", "zone", "cronlog/s", "cron-utils/s", "quartz/s");
    for (String zone : zones) {
      for (Case c : CASES) {
        System.out.printf(
            "%-8s %-20s %-17s %15s %15s %15s%n",
            c.label(),
            c.cron(),
            zone,
            rate(cronlog(c.cron(), zone)),
            rate(cronUtils(c.cron(), zone)),
            rate(quartz(c.quartz(), zone)));
      }
    }
    if (sink == 42) {
      System.out.println(); // keeps the results observable so the JIT cannot drop the work
    }
  }

  private static UnaryOperator<Instant> cronlog(String spec, String zone) throws ScheduleException {
    Schedule schedule = Schedule.parse(spec, zone);
    return t -> schedule.next(t).orElse(null);
  }

  private static UnaryOperator<Instant> cronUtils(String spec, String zone) {
    ExecutionTime time =
        ExecutionTime.forCron(
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(spec));
    ZoneId id = ZoneId.of(zone);
    return t -> {
      Optional<ZonedDateTime> next = time.nextExecution(t.atZone(id));
      return next.map(ZonedDateTime::toInstant).orElse(null);
    };
  }

  private static UnaryOperator<Instant> quartz(String spec, String zone) throws ParseException {
    if (spec == null) {
      return null;
    }
    CronExpression expression = new CronExpression(spec);
    expression.setTimeZone(TimeZone.getTimeZone(zone));
    return t -> {
      Date next = expression.getNextValidTimeAfter(Date.from(t));
      return next == null ? null : next.toInstant();
    };
  }

  /** Evaluations per second, chaining each result into the next call. */
  private static String rate(UnaryOperator<Instant> next) {
    if (next == null) {
      return "n/a";
    }
    run(next, WARM_UP_NANOS);
    return String.format("%,d", Math.round(run(next, MEASURE_NANOS) * 1e9 / MEASURE_NANOS));
  }

  private static long run(UnaryOperator<Instant> next, long nanos) {
    long deadline = System.nanoTime() + nanos;
    long count = 0;
    Instant t = START;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 16; i++) {
        Instant result = next.apply(t);
        t =
            result == null || result.getEpochSecond() > 4_102_444_800L
                ? START
                : result; // wrap at 2100
        count++;
      }
    }
    sink += t.getEpochSecond();
    return count;
  }
}
