package io.cronlog.faults.judge;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.audit.Audit;
import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.faults.judge.JobLedger.JobRun;
import io.cronlog.records.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one window: {@code cronlog audit verify} over it (through the API the command uses), and
 * the Jobs the API held for its due times: two for one run, or two active at once under Forbid.
 */
public final class Judge {

  private static final Logger LOG = LoggerFactory.getLogger(Judge.class);
  /** The audit's default: a Job created more than this after its time is late (reported, not a violation). */
  private static final Duration MAX_SKEW = Duration.ofSeconds(10);

  private final String bootstrapServers;
  private final Function<String, ConcurrencyPolicy> policyOf;

  /** {@code policyOf} gives the concurrency policy of a ScheduledJob by name. */
  public Judge(String bootstrapServers, Function<String, ConcurrencyPolicy> policyOf) {
    this.bootstrapServers = bootstrapServers;
    this.policyOf = policyOf;
  }

  /** The verdict on the runs due from {@code from} to {@code until}, both included; call once they are settled. */
  public Verdict judge(String scenario, Instant from, Instant until, Duration took, List<JobRun> jobs) {
    Map<Finding.Kind, List<Finding>> findings = new EnumMap<>(Finding.Kind.class);
    VerifySummary summary;
    Topics topics = Topics.withDefaultPrefix();
    try (TrailReader reader = new TrailReader(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        topics)) {
      // Everything in the window is judged: the suite waited for it to settle, so nothing is pending.
      Judgement judgement = new Judgement(from, until, until, MAX_SKEW);
      summary = new Audit(reader, topics).verify(new Audit.Query(List.of(), from, until), judgement, false,
          finding -> findings.computeIfAbsent(finding.kind(), k -> new ArrayList<>()).add(finding));
    }
    findings.forEach((kind, list) -> list.stream().limit(5).forEach(f ->
        LOG.info("{}: {} {} {} {}", scenario, kind.text(), f.key(), f.time(), f.message())));
    List<JobRun> scheduled = jobs.stream().filter(j -> !j.manual())
        .filter(j -> !j.scheduledAt().isBefore(from) && !j.scheduledAt().isAfter(until)).toList();
    int apiDuplicates = scheduled.stream()
        .collect(Collectors.groupingBy(j -> j.ownerUid() + "@" + j.scheduledAt(), Collectors.counting()))
        .values().stream().mapToInt(n -> (int) (n - 1)).sum();
    int duplicates = Math.max(apiDuplicates, count(findings, Finding.Kind.DUPLICATE));
    String other = List.of(Finding.Kind.LATE, Finding.Kind.REFUSED, Finding.Kind.FAILED, Finding.Kind.UNREADABLE)
        .stream().filter(kind -> count(findings, kind) > 0)
        .map(kind -> count(findings, kind) + " " + kind.text()).collect(Collectors.joining(", "));
    return new Verdict(scenario, from, until, took, summary.runsJudged(), scheduled.size(),
        summary.runsNotRunByTheRules(), count(findings, Finding.Kind.MISSED), duplicates,
        forbidOverlaps(jobs, from, until), count(findings, Finding.Kind.UNEXPLAINED),
        other.isEmpty() ? "-" : other, p99(scheduled));
  }

  /** Jobs of Forbid ScheduledJobs, due in the window, created before the previous Job of theirs ended. */
  private int forbidOverlaps(List<JobRun> jobs, Instant from, Instant until) {
    int overlaps = 0;
    Map<String, List<JobRun>> byOwner = jobs.stream()
        .filter(j -> policyOf.apply(j.ownerName()) == ConcurrencyPolicy.Forbid)
        .collect(Collectors.groupingBy(JobRun::ownerUid));
    for (List<JobRun> owned : byOwner.values()) {
      List<JobRun> inOrder = owned.stream().sorted(Comparator.comparing(JobRun::created)).toList();
      for (int i = 1; i < inOrder.size(); i++) {
        JobRun job = inOrder.get(i);
        boolean inWindow = !job.scheduledAt().isBefore(from) && !job.scheduledAt().isAfter(until);
        boolean overlapping = inOrder.subList(0, i).stream()
            .anyMatch(earlier -> earlier.ended() == null || earlier.ended().isAfter(job.created()));
        if (inWindow && overlapping) {
          LOG.info("Forbid violated: {} created at {} while an earlier Job of {} was active", job.name(),
              job.created(), job.ownerName());
          overlaps++;
        }
      }
    }
    return overlaps;
  }

  private static Duration p99(List<JobRun> scheduled) {
    List<Duration> lateness = scheduled.stream().map(j -> Duration.between(j.scheduledAt(), j.created())).sorted().toList();
    if (lateness.isEmpty()) {
      return null;
    }
    int index = (int) Math.ceil(0.99 * lateness.size()) - 1;
    return lateness.get(Math.max(index, 0));
  }

  private static int count(Map<Finding.Kind, List<Finding>> findings, Finding.Kind kind) {
    return findings.getOrDefault(kind, List.of()).size();
  }
}
