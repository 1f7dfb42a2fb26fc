package io.cronlog.audit.analyze;

import io.cronlog.records.ScheduledJobKey;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The counts a verification ends with. Mutable while the trail is judged. */
public final class VerifySummary {

  private final Map<Finding.Kind, Integer> findings = new EnumMap<>(Finding.Kind.class);
  private final Set<ScheduledJobKey> seen = new HashSet<>();
  private int scheduledJobs;
  private int runsJudged;
  private int runsRan;
  private int runsOnTime;
  private int runsNotRunByTheRules;
  private int decisionsReplayed = -1;
  private int decisionsBeforeTrail;

  /** The span's start as asked (null: the whole trail). */
  private final Instant askedFrom;

  /**
   * The latest start of a partition's judgement, where retention cut the trail later than asked.
   */
  private Instant judgedFrom;

  public VerifySummary(Instant askedFrom) {
    this.askedFrom = askedFrom;
    for (Finding.Kind kind : Finding.Kind.values()) {
      findings.put(kind, 0);
    }
  }

  /** Notes where one partition's judgement started. */
  public void judgedFrom(Instant from) {
    if (from != null
        && (askedFrom == null || from.isAfter(askedFrom))
        && (judgedFrom == null || from.isAfter(judgedFrom))) {
      judgedFrom = from;
    }
  }

  /**
   * Where retention cut the trail later than the span asked for, the latest such start; else null.
   */
  public Instant trailCutAt() {
    return judgedFrom;
  }

  public void found(Finding finding) {
    findings.merge(finding.kind(), 1, Integer::sum);
  }

  /**
   * Counts one ScheduledJob's judged due runs, those that ran, ran on time, and did not run by the
   * rules.
   */
  public void scheduledJob(
      ScheduledJobKey key, int judged, int ran, int onTime, int notRunByTheRules) {
    seen.add(key);
    scheduledJobs++;
    runsJudged += judged;
    runsRan += ran;
    runsOnTime += onTime;
    runsNotRunByTheRules += notRunByTheRules;
  }

  public void decisions(int replayed, int beforeTrail) {
    decisionsReplayed = Math.max(decisionsReplayed, 0) + replayed;
    decisionsBeforeTrail += beforeTrail;
  }

  public int total() {
    return findings.values().stream().mapToInt(Integer::intValue).sum();
  }

  public Map<Finding.Kind, Integer> findings() {
    return findings;
  }

  public int scheduledJobs() {
    return scheduledJobs;
  }

  /** Whether the trail held any record of {@code key}. */
  public boolean saw(ScheduledJobKey key) {
    return seen.contains(key);
  }

  public int runsJudged() {
    return runsJudged;
  }

  public int runsRan() {
    return runsRan;
  }

  public int runsOnTime() {
    return runsOnTime;
  }

  public int runsNotRunByTheRules() {
    return runsNotRunByTheRules;
  }

  /** Decisions replayed, or -1 when decisions were not replayed. */
  public int decisionsReplayed() {
    return decisionsReplayed;
  }

  public int decisionsBeforeTrail() {
    return decisionsBeforeTrail;
  }
}
