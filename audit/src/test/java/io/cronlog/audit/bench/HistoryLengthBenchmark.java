package io.cronlog.audit.bench;

import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.Verifier;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.audit.timeline.Timeline;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.runtime.topics.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the analysis of one ScheduledJob grows with the length of its history: one ScheduledJob of a
 * shape simulated for the longest span, then its first 1, 2, 4, ... days built into a history
 * (events, commands, outcomes, as the audit reads them) and verified, and laid out as a timeline.
 * Work per run that grows with the days read is work that grows with the square of the runs. The
 * best of three rounds, wall and CPU time of the thread, unless one round takes a minute.
 *
 * <p>Arguments, all optional: days (30), shape ({@code EVERY_5}; or {@code EVERY_MINUTE}, ...).
 */
public final class HistoryLengthBenchmark {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final Duration SKEW = Duration.ofSeconds(10);

  private HistoryLengthBenchmark() {}

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Shape shape =
        (Shape) Shape.class.getDeclaredField(args.length > 1 ? args[1] : "EVERY_5").get(null);
    System.out.println(Machine.describe());
    Topics topics = Topics.withDefaultPrefix();
    Instant end = START.plus(Duration.ofDays(days));
    Map<String, List<CronlogRecord>> byTopic = new LinkedHashMap<>();
    for (String topic : List.of(topics.events(), topics.commands(), topics.outcomes())) {
      byTopic.put(topic, new ArrayList<>());
    }
    ScheduledJobKey[] key = {null};
    long started = System.nanoTime();
    new SimulatedTrail(
            topics,
            SimulatedTrail.of(List.of(shape), 1),
            START.minusSeconds(30),
            end.plus(Duration.ofMinutes(30)))
        .withoutExtras()
        .run(
            (SimulatedCronlog.Written written) -> {
              if (byTopic.containsKey(written.topic())) {
                key[0] = ScheduledJobKey.parse(written.key());
                byTopic.get(written.topic()).add(written.record());
              }
            });
    System.out.printf(
        "%s (%s %s), %d days simulated in %s%n%n",
        key[0], shape.schedule(), shape.policy(), days, Table.seconds(System.nanoTime() - started));
    Table table =
        new Table(
            "days of history",
            "records",
            "runs judged",
            "verify",
            "verify per run",
            "verify CPU per run",
            "timeline",
            "timeline per run",
            "timeline CPU per run");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int d = 1; d <= days; d = d * 2 > days && d < days ? days : d * 2) {
      Instant until = START.plus(Duration.ofDays(d));
      Judgement judgement = Judgement.of(null, until, until.plus(Duration.ofMinutes(30)), SKEW);
      List<TrailRecord> trail = upTo(byTopic, key[0], until.plus(Duration.ofMinutes(5)));
      // Wall and CPU time of verify and of a timeline: the best of three, unless one round already
      // takes a minute.
      long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
      int runs = 0;
      for (int round = 0;
          round < 3 && (round == 0 || best[0] + best[2] < 60_000_000_000L);
          round++) {
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        KeyHistory history = history(key[0], trail);
        runs = new Verifier(judgement).verify(history).runsJudged();
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        Timeline.of(history(key[0], trail), judgement);
        best[0] = Math.min(best[0], t1 - t0);
        best[1] = Math.min(best[1], c1 - c0);
        best[2] = Math.min(best[2], System.nanoTime() - t1);
        best[3] = Math.min(best[3], threads.getCurrentThreadCpuTime() - c1);
      }
      table.row(
          d,
          Table.count(trail.size()),
          Table.count(runs),
          Table.seconds(best[0]),
          perRun(best[0], runs),
          perRun(best[1], runs),
          Table.seconds(best[2]),
          perRun(best[2], runs),
          perRun(best[3], runs));
    }
    table.print(System.out);
  }

  private static String perRun(long nanos, int runs) {
    return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3 / runs);
  }

  private static KeyHistory history(ScheduledJobKey key, List<TrailRecord> trail) {
    KeyHistory history = new KeyHistory(key);
    trail.forEach(history::add);
    return history;
  }

  /** The records made up to {@code until}, as read back: events, then commands, then outcomes. */
  private static List<TrailRecord> upTo(
      Map<String, List<CronlogRecord>> byTopic, ScheduledJobKey key, Instant until) {
    List<TrailRecord> trail = new ArrayList<>();
    Map<String, Long> offsets = new HashMap<>();
    byTopic.forEach(
        (topic, records) ->
            records.stream()
                .filter(r -> !r.time().isAfter(until))
                .forEach(
                    r ->
                        trail.add(
                            new TrailRecord(
                                new RecordRef(
                                    topic,
                                    0,
                                    offsets.merge(topic, 1L, Long::sum),
                                    r.id(),
                                    r.getClass().getSimpleName()),
                                r.time(),
                                key.toString(),
                                r,
                                null))));
    return trail;
  }
}
