package io.cronlog.audit.bench;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.Verifier;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.read.KeyPartitioner;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
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
 * {@code verify} over a day of 10,000 ScheduledJobs running every five minutes: 2.88 million runs,
 * about 47 million records, more than a broker on this machine holds, so the analysis is measured
 * alone. One round of the five-minute shapes of the mix (29 ScheduledJobs) is simulated for the
 * day; each of the N ScheduledJobs is then one of them renamed ({@link Replica}), its records given
 * to a {@link KeyHistory} in the order the audit reads them (events, commands, outcomes) and judged
 * by a {@link Verifier}, one ScheduledJob at a time as the audit does, so memory stays bounded.
 * Only building the history and judging it is timed; every ScheduledJob must verify to no finding
 * and 288 runs judged, or the run stops: a benchmark of a broken trail measures nothing.
 *
 * <p>Arguments, all optional: ScheduledJobs (10000); the rates AuditBenchmark measured for reading
 * and decoding (row a) and for verify (row c), in records/s, to project the end-to-end time.
 */
public final class VerifyDayBenchmark {

  private static final Instant DAY = Instant.parse("2026-12-03T00:00:00Z");
  private static final Duration SKEW = Duration.ofSeconds(10);
  private static final int PARTITIONS = 6;

  private VerifyDayBenchmark() {}

  /** One simulated ScheduledJob's records, by topic in the order written. */
  private record Template(
      ScheduledJobKey key, String uid, Map<String, List<CronlogRecord>> byTopic) {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    double readRate = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    double verifyRate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
    System.out.println(Machine.describe());
    // A span includes its start and its end: the day's 288 due times are 00:00 to 23:55.
    Instant until = DAY.plus(Duration.ofDays(1)).minusSeconds(1);
    // The day's last run has finished by the time the audit is taken to read: nothing is pending.
    Judgement judgement = Judgement.of(DAY, until, until.plus(Duration.ofMinutes(3)), SKEW);
    Topics topics = Topics.withDefaultPrefix();
    long started = System.nanoTime();
    List<Template> templates = templates(topics, judgement, until);
    System.out.printf(
        "Simulated %d template ScheduledJobs (%s) for the day in %s%n%n",
        templates.size(),
        Shape.EVERY_5_MIX.stream()
            .map(s -> s.policy() + (s.failEvery() > 0 ? " failing" : ""))
            .distinct()
            .toList(),
        Table.seconds(System.nanoTime() - started));

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> offsets = new HashMap<>();
    long generating = 0;
    long analysing = 0;
    long analysingCpu = 0;
    long runs = 0;
    long records = 0;
    Table progress =
        new Table(
            "ScheduledJobs",
            "runs judged",
            "records",
            "analysis wall",
            "analysis CPU",
            "runs/s",
            "records/s",
            "renaming (not counted)",
            "GC, all of it",
            "heap peak after GC (MB)");
    try (HeapWatch heap = new HeapWatch()) {
      heap.reset();
      for (int i = 0; i < count; i++) {
        Template template = templates.get(i % templates.size());
        Replica replica = new Replica(template.key(), template.uid(), keyOf(i));
        long t0 = System.nanoTime();
        List<TrailRecord> trail = replicate(template, replica, offsets);
        long t1 = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        KeyHistory history = new KeyHistory(replica.key());
        trail.forEach(history::add);
        Verifier.KeyVerification result = new Verifier(judgement).verify(history);
        analysingCpu += threads.getCurrentThreadCpuTime() - cpu;
        long t2 = System.nanoTime();
        generating += t1 - t0;
        analysing += t2 - t1;
        records += trail.size();
        runs += result.runsJudged();
        requireClean(replica.key(), result);
        if ((i + 1) % Math.max(1, count / 5) == 0 || i + 1 == count) {
          progress.row(
              Table.count(i + 1),
              Table.count(runs),
              Table.count(records),
              Table.seconds(analysing),
              Table.seconds(analysingCpu),
              Table.rate(runs / (analysing / 1e9)),
              Table.rate(records / (analysing / 1e9)),
              Table.seconds(generating),
              Table.seconds(heap.gcMillisSinceReset() * 1_000_000),
              heap.peakMb());
        }
      }
    }
    progress.print(System.out);
    project(count, runs, records, analysing, readRate, verifyRate);
  }

  /** The simulated day of one round of the five-minute shapes, each ScheduledJob checked clean. */
  private static List<Template> templates(Topics topics, Judgement judgement, Instant until) {
    Map<ScheduledJobKey, Map<String, List<CronlogRecord>>> byKey = new LinkedHashMap<>();
    Map<ScheduledJobKey, String> uids = new HashMap<>();
    List<SimulatedTrail.Member> members =
        SimulatedTrail.of(Shape.EVERY_5_MIX, Shape.EVERY_5_MIX.size());
    new SimulatedTrail(topics, members, DAY.minusSeconds(30), until.plus(Duration.ofMinutes(3)))
        .withoutExtras()
        .run(
            (SimulatedCronlog.Written written) -> {
              if (written.topic().equals(topics.state())) {
                return; // the audit reads the state topic only for which ScheduledJobs exist
              }
              ScheduledJobKey key = ScheduledJobKey.parse(written.key());
              if (written.record() instanceof ScheduledJobObserved observed) {
                uids.putIfAbsent(key, observed.object().getMetadata().getUid());
              }
              Map<String, List<CronlogRecord>> byTopic =
                  byKey.computeIfAbsent(key, k -> new LinkedHashMap<>());
              for (String topic : List.of(topics.events(), topics.commands(), topics.outcomes())) {
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>());
              }
              byTopic.get(written.topic()).add(written.record());
            });
    List<Template> templates = new ArrayList<>();
    byKey.forEach(
        (key, byTopic) -> {
          Template template = new Template(key, uids.get(key), byTopic);
          KeyHistory history = new KeyHistory(key);
          replicate(template, new Replica(key, template.uid(), key), new HashMap<>())
              .forEach(history::add);
          requireClean(key, new Verifier(judgement).verify(history));
          templates.add(template);
        });
    return templates;
  }

  /**
   * The template's records as {@code replica}'s, as the audit reads them: events, commands,
   * outcomes.
   */
  private static List<TrailRecord> replicate(
      Template template, Replica replica, Map<String, Long> offsets) {
    String key = replica.key().toString();
    int partition = KeyPartitioner.partitionOf(key, PARTITIONS);
    List<TrailRecord> trail = new ArrayList<>();
    template
        .byTopic()
        .forEach(
            (topic, records) -> {
              for (CronlogRecord record : records) {
                CronlogRecord copy = replica.of(record);
                long offset = offsets.merge(topic + "-" + partition, 1L, Long::sum);
                trail.add(
                    new TrailRecord(
                        new RecordRef(
                            topic, partition, offset, copy.id(), copy.getClass().getSimpleName()),
                        copy.time(),
                        key,
                        copy,
                        null));
              }
            });
    return trail;
  }

  private static void requireClean(ScheduledJobKey key, Verifier.KeyVerification result) {
    if (!result.findings().isEmpty() || result.runsJudged() != 288) {
      result.findings().stream()
          .limit(10)
          .forEach(
              (Finding f) ->
                  System.out.println("  " + f.kind() + " " + f.time() + " " + f.message()));
      throw new IllegalStateException(
          "the generated day of "
              + key
              + " is not valid: "
              + result.runsJudged()
              + " runs judged, "
              + result.findings().size()
              + " findings");
    }
  }

  private static ScheduledJobKey keyOf(int i) {
    return new ScheduledJobKey(
        "team-" + String.format(Locale.ROOT, "%02d", i % 40),
        "sj-" + String.format(Locale.ROOT, "%05d", i));
  }

  /**
   * The time for 10,000 ScheduledJobs, from the analysis measured here and the read rates given.
   */
  private static void project(
      int count, long runs, long records, long analysing, double readRate, double verifyRate) {
    double scale = 10_000.0 / count;
    double analysis = analysing / 1e9 * scale;
    double total = records * scale;
    System.out.printf(
        Locale.ROOT,
        "For 10,000 ScheduledJobs: %s runs, %s records; the analysis alone %.0f s%s%n",
        Table.count(Math.round(runs * scale)),
        Table.count(Math.round(total)),
        analysis,
        count == 10_000 ? " (measured)" : " (projected from " + count + ")");
    if (readRate > 0) {
      double read = total / readRate;
      System.out.printf(
          Locale.ROOT,
          "PROJECTION, read and decode at %s records/s (AuditBenchmark a): %.0f s, "
              + "plus the analysis: %.0f s (%.1f min) end to end%n",
          Table.rate(readRate),
          read,
          read + analysis,
          (read + analysis) / 60);
    }
    if (verifyRate > 0) {
      System.out.printf(
          Locale.ROOT,
          "PROJECTION, at the whole-trail verify rate of %s records/s (AuditBenchmark c):"
              + " %.0f s (%.1f min)%n",
          Table.rate(verifyRate),
          total / verifyRate,
          total / verifyRate / 60);
    }
  }
}
