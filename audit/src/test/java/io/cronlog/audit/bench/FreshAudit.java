package io.cronlog.audit.bench;

import io.cronlog.audit.Audit;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * One audit in a JVM of its own, as a person's {@code cronlog audit} runs: nothing loaded, nothing
 * compiled, a new Kafka client. Started by {@link AuditBenchmark}; prints one line, {@code <ms from
 * main to answer> <runs judged> <findings>}, which it reads back.
 *
 * <p>Arguments: bootstrap servers, topic prefix, {@code namespace/name} or {@code *} for every
 * ScheduledJob, since, until, the instant the audit is taken to run at (all RFC 3339).
 */
public final class FreshAudit {

  private FreshAudit() {}

  public static void main(String[] args) {
    long started = System.nanoTime();
    Topics topics = new Topics(args[1]);
    List<ScheduledJobKey> keys =
        args[2].equals("*") ? List.of() : List.of(ScheduledJobKey.parse(args[2]));
    Instant since = Instant.parse(args[3]);
    Instant until = Instant.parse(args[4]);
    Judgement judgement =
        Judgement.of(since, until, Instant.parse(args[5]), Duration.ofSeconds(10));
    int[] findings = {0};
    try (TrailReader reader =
        new TrailReader(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, args[0]), topics)) {
      reader.partitionCount();
      long connected = System.nanoTime();
      VerifySummary summary =
          new Audit(reader, topics)
              .verify(
                  new Audit.Query(keys, since, until), judgement, false, finding -> findings[0]++);
      System.out.println(
          (System.nanoTime() - started) / 1_000_000
              + " "
              + summary.runsJudged()
              + " "
              + findings[0]
              + " "
              + (connected - started) / 1_000_000);
    }
  }
}
