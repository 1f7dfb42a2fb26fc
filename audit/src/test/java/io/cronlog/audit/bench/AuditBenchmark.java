package io.cronlog.audit.bench;

import io.cronlog.audit.Audit;
import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.read.KeyPartitioner;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.audit.sim.TrailSender;
import io.cronlog.audit.sim.TrailWriter;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.runtime.topics.Topics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * What {@code cronlog audit} costs on a large trail. Writes about a million records of a simulated
 * day of a cluster's ScheduledJobs (the mix of {@link Shape}) to the in-process broker, then
 * measures, per row of the first table: fetching the trail alone, reading and decoding it with
 * {@link TrailReader}, {@code Audit.timelines}, {@code Audit.verify} and {@code verify --decisions}
 * over all of it; in the second, what the audit holds in memory for the largest partition; in the
 * third, answering one hour of one ScheduledJob (and of all of them), with a new reader (cold) and
 * again with the same one (warm), and in a JVM of its own. Prints figures and asserts nothing but
 * the trail's validity: a verify of it must find nothing.
 *
 * <p>Arguments, all optional: records (1000000), partitions (6), rounds of the first table (1), and
 * {@code --transactions} to write events and states in transactions (see {@link TrailSender}).
 */
public final class AuditBenchmark {

  private static final Duration SKEW = Duration.ofSeconds(10);

  /**
   * A day of runs of every ScheduledJob, and an hour more, so that any hour has a day around it.
   */
  private static final Duration SPAN = Duration.ofHours(25);

  public static void main(String[] args) throws Exception {
    boolean transactions = List.of(args).contains("--transactions");
    List<String> numbers = List.of(args).stream().filter(arg -> !arg.startsWith("--")).toList();
    long target = numbers.size() > 0 ? Long.parseLong(numbers.get(0)) : 1_000_000;
    int partitions = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 6;
    int rounds = numbers.size() > 2 ? Integer.parseInt(numbers.get(2)) : 1;
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(30);
    Instant start = end.minus(SPAN);
    List<SimulatedTrail.Member> members = SimulatedTrail.mixForRecords(target, start, end);
    Topics topics = new Topics("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    System.out.println(Machine.describe());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        HeapWatch heap = new HeapWatch()) {
      Map<String, Object> client =
          Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      TrailWriter.createTopics(client, topics, partitions);
      WrittenTrail trail = WrittenTrail.write(client, topics, members, start, end, transactions);
      trail.print(System.out);
      AuditBenchmark bench = new AuditBenchmark(client, topics, trail, heap, end);
      for (int round = 1; round <= rounds; round++) {
        bench.wholeTrail(round);
      }
      bench.memory();
      bench.windows(members.get(0).key(), kafka.bootstrapServers());
    }
  }

  private final Map<String, Object> client;
  private final Topics topics;
  private final WrittenTrail trail;
  private final HeapWatch heap;
  private final Instant end;

  private AuditBenchmark(
      Map<String, Object> client, Topics topics, WrittenTrail trail, HeapWatch heap, Instant end) {
    this.client = client;
    this.topics = topics;
    this.trail = trail;
    this.heap = heap;
    this.end = end;
  }

  /** The first table: the whole trail read, decoded, laid out and judged. */
  private void wholeTrail(int round) {
    long records = trail.auditedRecords();
    double bytes = trail.auditedBytes();
    Table table =
        new Table(
            "round "
                + round
                + ": whole trail, "
                + Table.count(records)
                + " records, "
                + Table.mb(bytes)
                + " MB",
            "wall",
            "records/s",
            "MB/s",
            "GC",
            "heap before (MB)",
            "peak after GC (MB)",
            "live at a partition's end (MB)",
            "result");
    Audit.Query all = new Audit.Query(List.of(), null, null);
    Judgement whole = Judgement.of(null, end, end, SKEW);

    measure(
        table,
        "fetch only (KafkaConsumer, no decoding)",
        records,
        bytes,
        probe -> {
          long[] fetched = RawFetch.all(client, topics, trail.partitions());
          return Table.count(fetched[0]) + " records fetched";
        });
    measure(
        table,
        "(a) TrailReader: read and decode",
        records,
        bytes,
        probe -> {
          long[] read = {0, 0};
          try (TrailReader reader = new TrailReader(client, topics)) {
            for (String topic : List.of(topics.events(), topics.commands(), topics.outcomes())) {
              for (int p = 0; p < trail.partitions(); p++) {
                reader.read(
                    topic, p, null, null, Set.of(), record -> read[record.readable() ? 0 : 1]++);
              }
            }
          }
          return Table.count(read[0]) + " decoded, " + read[1] + " unreadable";
        });
    measure(
        table,
        "(b) Audit.timelines",
        records,
        bytes,
        probe -> {
          long[] lines = {0, 0};
          int[] partition = {-1};
          try (TrailReader reader = new TrailReader(client, topics)) {
            new Audit(reader, topics)
                .timelines(
                    all,
                    whole,
                    (key, entries) -> {
                      // The first timeline of a partition comes while all of the partition's
                      // histories, and the
                      // events it read, are still held: what the audit holds at most.
                      int p = KeyPartitioner.partitionOf(key.toString(), trail.partitions());
                      if (p != partition[0]) {
                        partition[0] = p;
                        probe.measureLive();
                      }
                      lines[0]++;
                      lines[1] += entries.size();
                    });
          }
          return Table.count(lines[1]) + " lines for " + Table.count(lines[0]) + " ScheduledJobs";
        });
    measure(table, "(c) Audit.verify", records, bytes, probe -> verified(all, whole, false));
    measure(
        table, "(d) Audit.verify, decisions", records, bytes, probe -> verified(all, whole, true));
    table.print(System.out);
  }

  /**
   * Verifies, and refuses a trail with findings: a benchmark of a broken trail measures nothing.
   */
  private String verified(Audit.Query query, Judgement judgement, boolean decisions) {
    List<Finding> findings = new ArrayList<>();
    VerifySummary summary;
    try (TrailReader reader = new TrailReader(client, topics)) {
      summary = new Audit(reader, topics).verify(query, judgement, decisions, findings::add);
    }
    if (!findings.isEmpty()) {
      Map<Finding.Kind, Integer> kinds = new EnumMap<>(Finding.Kind.class);
      findings.forEach(f -> kinds.merge(f.kind(), 1, Integer::sum));
      findings.stream()
          .limit(10)
          .forEach(
              f ->
                  System.out.println(
                      "  " + f.kind() + " " + f.key() + " " + f.time() + " " + f.message()));
      throw new IllegalStateException("the generated trail is not valid: verify found " + kinds);
    }
    return Table.count(summary.runsJudged())
        + " runs judged, 0 findings"
        + (decisions
            ? ", " + Table.count(summary.decisionsReplayed()) + " decisions replayed"
            : "");
  }

  private void measure(Table table, String what, long records, double bytes, Step step) {
    heap.reset();
    long before = heap.baselineMb();
    Probe probe = new Probe();
    long started = System.nanoTime();
    String result = step.run(probe);
    long nanos = System.nanoTime() - started - probe.pausedNanos;
    // The collectors count the probe's full collections too; they are no part of the step.
    long gcNanos = heap.gcMillisSinceReset() * 1_000_000 - probe.pausedNanos;
    double seconds = nanos / 1e9;
    table.row(
        what,
        Table.seconds(nanos),
        Table.rate(records / seconds),
        String.format(Locale.ROOT, "%.1f", bytes / (1 << 20) / seconds),
        Table.seconds(gcNanos),
        before,
        heap.peakMb(),
        probe.liveMb < 0 ? "" : probe.liveMb,
        result);
  }

  /**
   * What a step may measure besides its time: the live heap, by a full collection not counted in
   * its time.
   */
  private static final class Probe {
    private long pausedNanos;
    private long liveMb = -1;

    void measureLive() {
      long started = System.nanoTime();
      liveMb = Math.max(liveMb, usedMb());
      pausedNanos += System.nanoTime() - started;
    }
  }

  /** The third table: one hour of one ScheduledJob, of all of them, and a day of one. */
  private void windows(ScheduledJobKey key, String bootstrap) throws Exception {
    Instant since = end.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(12));
    Instant until = since.plus(Duration.ofHours(1));
    Table table =
        new Table(
            "query (" + key + " is " + Shape.EVERY_5.schedule() + ")",
            "cold, new reader",
            "warm, same reader (median of 3)",
            "fresh JVM: process (in main, connected at)",
            "result");
    window(
        table,
        "timelines " + key + ", one hour",
        new Audit.Query(List.of(key), since, until),
        false,
        bootstrap);
    window(
        table,
        "verify " + key + ", one hour",
        new Audit.Query(List.of(key), since, until),
        true,
        bootstrap);
    window(
        table,
        "verify " + key + ", last 24 h",
        new Audit.Query(List.of(key), end.minus(Duration.ofHours(24)), end),
        true,
        bootstrap);
    window(
        table,
        "verify every ScheduledJob, last hour",
        new Audit.Query(List.of(), end.minus(Duration.ofHours(1)), end),
        true,
        bootstrap);
    try (TrailReader reader = new TrailReader(client, topics)) {
      // What a span over every ScheduledJob reads first: the keys of the whole state topic.
      long started = System.nanoTime();
      int live = 0;
      for (int p = 0; p < trail.partitions(); p++) {
        live += reader.liveKeys(p).size();
      }
      table.row(
          "of which: the state topic's keys (liveKeys, every partition)",
          Table.seconds(System.nanoTime() - started),
          "",
          "",
          live
              + " keys from "
              + Table.count(trail.stateRecords())
              + " state records, "
              + Table.mb(trail.stateBytes())
              + " MB");
    }
    table.print(System.out);
  }

  /**
   * What the audit holds for the largest partition, built as {@code Audit.histories} builds it at
   * the time of writing (follow it when it changes): each record reduced into its key's history as
   * it is read, so the partition's histories are all that is held; measured after a full
   * collection.
   */
  private void memory() {
    int partition = trail.largestPartition();
    Table table =
        new Table(
            "held for partition " + partition + " (the largest), whole trail",
            "records",
            "MB",
            "bytes/record");
    try (TrailReader reader = new TrailReader(client, topics)) {
      heap.reset();
      long base = usedMb();
      Map<String, KeyHistory> byKey = new TreeMap<>();
      long[] read = {0};
      Consumer<TrailRecord> add =
          record -> {
            read[0]++;
            byKey
                .computeIfAbsent(record.key(), k -> new KeyHistory(ScheduledJobKey.parse(k)))
                .add(record);
          };
      for (String topic : List.of(topics.events(), topics.commands(), topics.outcomes())) {
        reader.read(topic, partition, null, null, Set.of(), add);
      }
      long held = usedMb();
      table.row(
          "the histories of its " + byKey.size() + " ScheduledJobs",
          Table.count(read[0]),
          held - base,
          ((held - base) << 20) / read[0]);
    }
    table.print(System.out);
  }

  /** The heap in use after a full collection, in MB. */
  private static long usedMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  private void window(Table table, String what, Audit.Query query, boolean verify, String bootstrap)
      throws Exception {
    Judgement judgement = Judgement.of(query.since(), query.until(), end, SKEW);
    try (TrailReader reader = new TrailReader(client, topics)) {
      Audit audit = new Audit(reader, topics);
      long cold = System.nanoTime();
      String result = answer(audit, query, judgement, verify);
      cold = System.nanoTime() - cold;
      long[] warm = new long[3];
      for (int i = 0; i < warm.length; i++) {
        warm[i] = System.nanoTime();
        answer(audit, query, judgement, verify);
        warm[i] = System.nanoTime() - warm[i];
      }
      Arrays.sort(warm);
      String fresh = verify ? FreshJvm.run(bootstrap, topics, query, end) : "";
      table.row(what, Table.seconds(cold), Table.seconds(warm[1]), fresh, result);
    }
  }

  private static String answer(
      Audit audit, Audit.Query query, Judgement judgement, boolean verify) {
    if (!verify) {
      long[] lines = {0};
      audit.timelines(query, judgement, (key, entries) -> lines[0] += entries.size());
      return lines[0] + " lines";
    }
    int[] findings = {0};
    VerifySummary summary = audit.verify(query, judgement, false, finding -> findings[0]++);
    return summary.scheduledJobs()
        + " ScheduledJobs, "
        + summary.runsJudged()
        + " runs judged, "
        + findings[0]
        + " findings";
  }

  /** One measured step; returns what it found, for the table. */
  private interface Step {
    String run(Probe probe);
  }
}
