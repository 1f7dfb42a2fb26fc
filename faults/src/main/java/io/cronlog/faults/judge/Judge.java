package io.cronlog.faults.judge;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.audit.Audit;
import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.Judgement;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.read.TrailReader;
import io.cronlog.faults.judge.JobLedger.JobRun;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  /**
   * The audit's default: a Job created more than this after its time is late (reported, not a
   * violation).
   */
  private static final Duration MAX_SKEW = Duration.ofSeconds(10);

  private final String bootstrapServers;
  private final Function<String, ConcurrencyPolicy> policyOf;

  /** {@code policyOf} gives the concurrency policy of a ScheduledJob by name. */
  public Judge(String bootstrapServers, Function<String, ConcurrencyPolicy> policyOf) {
    this.bootstrapServers = bootstrapServers;
    this.policyOf = policyOf;
  }

  /**
   * The verdict on the runs due from {@code from} to {@code until}, both included; call once they
   * are settled.
   */
  public Verdict judge(
      String scenario, Instant from, Instant until, Duration took, List<JobRun> jobs) {
    Map<Finding.Kind, List<Finding>> findings = new EnumMap<>(Finding.Kind.class);
    VerifySummary summary;
    Topics topics = Topics.withDefaultPrefix();
    try (TrailReader reader =
        new TrailReader(
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics)) {
      // Everything in the window is judged: the suite waited for it to settle, so nothing is
      // pending.
      Judgement judgement = new Judgement(from, until, until, MAX_SKEW);
      summary =
          new Audit(reader, topics)
              .verify(
                  new Audit.Query(List.of(), from, until),
                  judgement,
                  false,
                  finding ->
                      findings
                          .computeIfAbsent(finding.kind(), k -> new ArrayList<>())
                          .add(finding));
    }
    findings.forEach(
        (kind, list) ->
            list.stream()
                .limit(5)
                .forEach(
                    f ->
                        LOG.info(
                            "{}: {} {} {} {} [{}]",
                            scenario,
                            kind.text(),
                            f.key(),
                            f.time(),
                            f.message(),
                            f.proof().stream()
                                .map(Object::toString)
                                .collect(Collectors.joining("; ")))));
    List<JobRun> scheduled = RunChecks.scheduledIn(jobs, from, until);
    int duplicates =
        Math.max(RunChecks.duplicates(scheduled), count(findings, Finding.Kind.DUPLICATE));
    List<JobRun> overlaps =
        RunChecks.forbidOverlaps(
            jobs, from, until, name -> policyOf.apply(name) == ConcurrencyPolicy.Forbid);
    overlaps.forEach(
        job ->
            LOG.info(
                "{}: Forbid broken: {} created at {} while an earlier Job of {} was active",
                scenario,
                job.name(),
                job.created(),
                job.ownerName()));
    String other =
        List.of(
                Finding.Kind.LATE,
                Finding.Kind.REFUSED,
                Finding.Kind.FAILED,
                Finding.Kind.UNREADABLE)
            .stream()
            .filter(kind -> count(findings, kind) > 0)
            .map(kind -> count(findings, kind) + " " + kind.text())
            .collect(Collectors.joining(", "));
    // A run the executor refused for good has a recorded outcome, so the audit does not call it
    // missed; but it has no Job and no reason the Kubernetes rules accept: it is lost all the same.
    int lost =
        summary.runsJudged() - RunChecks.runsWithAJob(scheduled) - summary.runsNotRunByTheRules();
    int silentMisses = Math.max(count(findings, Finding.Kind.MISSED), lost);
    return new Verdict(
        scenario,
        from,
        until,
        took,
        summary.runsJudged(),
        scheduled.size(),
        summary.runsNotRunByTheRules(),
        silentMisses,
        duplicates,
        overlaps.size(),
        count(findings, Finding.Kind.UNEXPLAINED),
        other.isEmpty() ? "-" : other,
        RunChecks.p99Lateness(scheduled));
  }

  private static int count(Map<Finding.Kind, List<Finding>> findings, Finding.Kind kind) {
    return findings.getOrDefault(kind, List.of()).size();
  }
}
