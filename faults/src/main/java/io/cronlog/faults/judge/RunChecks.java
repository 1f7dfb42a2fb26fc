package io.cronlog.faults.judge;

import io.cronlog.faults.judge.JobLedger.JobRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the Jobs in the API show of one window, apart from the audit: extra Jobs, Forbid broken,
 * lateness.
 */
final class RunChecks {

  private RunChecks() {}

  /**
   * Scheduled (not manual) Jobs whose run time lies from {@code from} to {@code until}, both
   * included.
   */
  static List<JobRun> scheduledIn(List<JobRun> jobs, Instant from, Instant until) {
    return jobs.stream().filter(j -> !j.manual()).filter(j -> inWindow(j, from, until)).toList();
  }

  /** How many distinct runs (ScheduledJob uid and time) have at least one Job. */
  static int runsWithAJob(List<JobRun> scheduled) {
    return (int)
        scheduled.stream().map(j -> j.ownerUid() + "@" + j.scheduledAt()).distinct().count();
  }

  /** Jobs beyond the first for one run: one ScheduledJob (by uid) and one scheduled time. */
  static int duplicates(List<JobRun> scheduled) {
    return scheduled.stream()
        .collect(
            Collectors.groupingBy(j -> j.ownerUid() + "@" + j.scheduledAt(), Collectors.counting()))
        .values()
        .stream()
        .mapToInt(n -> (int) (n - 1))
        .sum();
  }

  /**
   * Jobs of a ScheduledJob that {@code forbids} concurrent runs, due in the window, created while
   * an earlier Job of the same ScheduledJob (of any window) had not ended.
   */
  static List<JobRun> forbidOverlaps(
      List<JobRun> jobs, Instant from, Instant until, Predicate<String> forbids) {
    return jobs.stream()
        .filter(j -> forbids.test(j.ownerName()))
        .collect(Collectors.groupingBy(JobRun::ownerUid))
        .values()
        .stream()
        .flatMap(
            owned -> {
              List<JobRun> inOrder =
                  owned.stream().sorted(Comparator.comparing(JobRun::created)).toList();
              return inOrder.stream()
                  .filter(job -> inWindow(job, from, until))
                  .filter(
                      job ->
                          inOrder.stream()
                              .filter(earlier -> earlier.created().isBefore(job.created()))
                              .anyMatch(
                                  earlier ->
                                      earlier.ended() == null
                                          || earlier.ended().isAfter(job.created())));
            })
        .toList();
  }

  /** The 99th percentile (nearest rank) of Job creation after the run's time; null without Jobs. */
  static Duration p99Lateness(List<JobRun> scheduled) {
    List<Duration> lateness =
        scheduled.stream()
            .map(j -> Duration.between(j.scheduledAt(), j.created()))
            .sorted()
            .toList();
    if (lateness.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(0.99 * lateness.size());
    return lateness.get(Math.max(rank, 1) - 1);
  }

  private static boolean inWindow(JobRun job, Instant from, Instant until) {
    return !job.scheduledAt().isBefore(from) && !job.scheduledAt().isAfter(until);
  }
}
