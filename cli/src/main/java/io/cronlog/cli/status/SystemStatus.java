package io.cronlog.cli.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The running system at a glance, as {@code cronlog status} reads it: who leads the watchers, who
 * in each group owns which partitions, what waits, and how the last hour's runs went.
 *
 * @param kafka the broker and where its address came from
 * @param watcher the Lease the watchers campaign for
 * @param groups the schedulers' group, then the executors'
 * @param commands each partition of the commands topic with the executors' progress on it
 * @param commandsWaiting commands written and not yet committed by an executor, over all partitions
 * @param runs the runs of the last hour
 */
public record SystemStatus(
    Instant at,
    String kafka,
    String topicPrefix,
    Watcher watcher,
    List<Group> groups,
    List<PartitionLag> commands,
    long commandsWaiting,
    Runs runs) {

  /**
   * The watchers' Lease: who holds it, since when, how long ago it was renewed when read, and
   * whether it is current; or why it could not be read ({@code problem}), the other fields null.
   */
  public record Watcher(
      String lease,
      String holder,
      Instant acquired,
      Instant renewed,
      Duration sinceRenewal,
      Integer leaseSeconds,
      Integer transitions,
      Boolean current,
      String problem) {

    static Watcher unreadable(String lease, String problem) {
      return new Watcher(lease, null, null, null, null, null, null, null, problem);
    }
  }

  /**
   * A consumer group and its members; {@code state} as Kafka reports it ({@code Stable}, {@code
   * Empty}...).
   */
  public record Group(String role, String id, String state, List<Member> members) {}

  /** One consumer of a group and the partitions it owns now, by topic. */
  public record Member(String clientId, String host, String memberId, List<Owned> owns) {}

  /** Partitions of one topic that a member owns. */
  public record Owned(String topic, List<Integer> partitions) {}

  /**
   * One partition of the commands topic: its end (committed records only), the executors' committed
   * offset (null before their first commit) and the difference.
   */
  public record PartitionLag(int partition, long end, Long committed, long lag) {}

  /**
   * The runs whose Jobs were created in the last hour: how many, the last one, and the one created
   * longest after its scheduled time (manual runs have none, so they count only as last).
   */
  public record Runs(Instant since, int created, Run last, Run worstSkew) {}

  /** A run's Job, created at {@code created}; {@code skew} is null for a manual run. */
  public record Run(
      String scheduledJob, String job, Instant scheduled, Instant created, Duration skew) {}
}
