package io.cronlog.audit.render;

import io.cronlog.audit.analyze.Finding;
import java.util.EnumMap;
import java.util.Map;

/** The counts a verification ends with. Mutable while the trail is judged. */
public final class VerifySummary {

  private final Map<Finding.Kind, Integer> findings = new EnumMap<>(Finding.Kind.class);
  private int scheduledJobs;
  private int runsJudged;
  private int runsOnTime;
  private int decisionsReplayed = -1;
  private int decisionsBeforeTrail;

  public VerifySummary() {
    for (Finding.Kind kind : Finding.Kind.values()) {
      findings.put(kind, 0);
    }
  }

  public void found(Finding finding) {
    findings.merge(finding.kind(), 1, Integer::sum);
  }

  public void scheduledJob(int runs, int onTime) {
    scheduledJobs++;
    runsJudged += runs;
    runsOnTime += onTime;
  }

  public void decisions(int replayed, int beforeTrail) {
    decisionsReplayed = Math.max(decisionsReplayed, 0) + replayed;
    decisionsBeforeTrail += beforeTrail;
  }

  public int total() {
    return findings.values().stream().mapToInt(Integer::intValue).sum();
  }

  public Map<Finding.Kind, Integer> findings() { return findings; }
  public int scheduledJobs() { return scheduledJobs; }
  public int runsJudged() { return runsJudged; }
  public int runsOnTime() { return runsOnTime; }
  /** Decisions replayed, or -1 when decisions were not replayed. */
  public int decisionsReplayed() { return decisionsReplayed; }
  public int decisionsBeforeTrail() { return decisionsBeforeTrail; }
}
