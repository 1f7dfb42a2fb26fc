package io.cronlog.audit.bench;

import io.cronlog.audit.read.KeyPartitioner;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.audit.sim.TrailSender;
import io.cronlog.records.CreateJob;
import io.cronlog.runtime.topics.Topics;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A simulated trail written to the broker, and what it holds. */
final class WrittenTrail {

  private final Topics topics;
  private final int partitions;
  private final Map<String, long[]> counts;
  private final long[] perPartition;
  private final long runs;
  private final long nanos;
  private final Map<String, Integer> schedules;
  private final boolean transactions;

  private WrittenTrail(
      Topics topics,
      int partitions,
      Map<String, long[]> counts,
      long[] perPartition,
      long runs,
      long nanos,
      Map<String, Integer> schedules,
      boolean transactions) {
    this.topics = topics;
    this.partitions = partitions;
    this.counts = counts;
    this.perPartition = perPartition;
    this.runs = runs;
    this.nanos = nanos;
    this.schedules = schedules;
    this.transactions = transactions;
  }

  /**
   * Simulates {@code members} from {@code start} to {@code end}, writing every record as it is
   * made; events and states in transactions with {@code transactions} (see {@link TrailSender}).
   */
  static WrittenTrail write(
      Map<String, Object> client,
      Topics topics,
      List<SimulatedTrail.Member> members,
      Instant start,
      Instant end,
      boolean transactions) {
    int partitions;
    try (TrailReader reader = new TrailReader(client, topics)) {
      partitions = reader.partitionCount();
    }
    long[] perPartition = new long[partitions];
    long[] runs = {0};
    long started = System.nanoTime();
    Map<String, long[]> counts;
    try (TrailSender sender = new TrailSender(client, topics, transactions)) {
      new SimulatedTrail(topics, members, start, end)
          .run(
              written -> {
                if (!written.topic().equals(topics.state())) {
                  perPartition[KeyPartitioner.partitionOf(written.key(), partitions)]++;
                }
                if (written.record() instanceof CreateJob) {
                  runs[0]++;
                }
                sender.accept(written);
              });
      sender.flush();
      counts = sender.counts();
    }
    Map<String, Integer> schedules = new TreeMap<>();
    members.forEach(
        m -> schedules.merge(m.shape().schedule() + " " + m.shape().policy(), 1, Integer::sum));
    return new WrittenTrail(
        topics,
        partitions,
        counts,
        perPartition,
        runs[0],
        System.nanoTime() - started,
        schedules,
        transactions);
  }

  int partitions() {
    return partitions;
  }

  /** The partition with the most records the audit reads. */
  int largestPartition() {
    int largest = 0;
    for (int p = 1; p < perPartition.length; p++) {
      if (perPartition[p] > perPartition[largest]) {
        largest = p;
      }
    }
    return largest;
  }

  long stateRecords() {
    return counts.getOrDefault(topics.state(), new long[2])[0];
  }

  long stateBytes() {
    return counts.getOrDefault(topics.state(), new long[2])[1];
  }

  /**
   * The records an audit reads: events, commands and outcomes (the state topic only for its keys).
   */
  long auditedRecords() {
    return audited(0);
  }

  long auditedBytes() {
    return audited(1);
  }

  private long audited(int field) {
    return List.of(topics.events(), topics.commands(), topics.outcomes()).stream()
        .mapToLong(topic -> counts.getOrDefault(topic, new long[2])[field])
        .sum();
  }

  void print(PrintStream out) {
    long all = counts.values().stream().mapToLong(c -> c[0]).sum();
    out.printf(
        "Trail: %s ScheduledJobs (%s), %s runs, %d partitions, events and states %s; written in %s"
            + " (%s records/s, simulated and sent)%n",
        schedules.values().stream().mapToInt(Integer::intValue).sum(),
        schedules,
        Table.count(runs),
        partitions,
        transactions ? "in transactions of 500" : "without transactions",
        Table.seconds(nanos),
        Table.rate(all / (nanos / 1e9)));
    Table table = new Table("topic", "records", "MB", "bytes/record", "records/run");
    counts.forEach(
        (topic, c) ->
            table.row(
                topic,
                Table.count(c[0]),
                Table.mb(c[1]),
                c[1] / c[0],
                String.format(Locale.ROOT, "%.1f", (double) c[0] / runs)));
    table.row(
        "read by the audit (all but state)",
        Table.count(auditedRecords()),
        Table.mb(auditedBytes()),
        auditedBytes() / auditedRecords(),
        String.format(Locale.ROOT, "%.1f", (double) auditedRecords() / runs));
    table.print(out);
    long max = 0;
    for (long n : perPartition) {
      max = Math.max(max, n);
    }
    out.printf(
        "Records read by the audit per partition: %s (largest %s)%n%n",
        Arrays.toString(perPartition), Table.count(max));
  }
}
