package io.cronlog.faults.judge;

import java.time.Duration;
import java.util.List;

/** The suite's table, in Markdown: one row per scenario, then whether any broke a promise. */
public final class ResultTable {

  private ResultTable() {}

  public static String render(List<Verdict> verdicts) {
    StringBuilder table = new StringBuilder();
    table.append(
        "| scenario | window (UTC) | took | runs due | Jobs created | missed as the rules allow | silent misses"
            + " | duplicates | Forbid overlaps | unexplained | p99 lateness | other findings | verdict |\n");
    table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Verdict v : verdicts) {
      table
          .append("| ")
          .append(v.scenario())
          .append(" | ")
          .append(v.from().toString(), 11, 16)
          .append("–")
          .append(v.until().plusSeconds(1).toString(), 11, 16)
          .append(" | ")
          .append(seconds(v.took()))
          .append(" | ")
          .append(v.runsDue())
          .append(" | ")
          .append(v.jobsCreated())
          .append(" | ")
          .append(v.missedByTheRules())
          .append(" | ")
          .append(v.silentMisses())
          .append(" | ")
          .append(v.duplicates())
          .append(" | ")
          .append(v.forbidOverlaps())
          .append(" | ")
          .append(v.unexplained())
          .append(" | ")
          .append(v.p99Lateness() == null ? "-" : seconds(v.p99Lateness()))
          .append(" | ")
          .append(v.otherFindings())
          .append(" | ")
          .append(v.violated() ? "**VIOLATED**" : "ok")
          .append(" |\n");
    }
    long violated = verdicts.stream().filter(Verdict::violated).count();
    table
        .append('\n')
        .append(
            violated == 0
                ? "No scenario broke a promise."
                : violated + " of " + verdicts.size() + " scenarios broke a promise.")
        .append('\n');
    return table.toString();
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() >= 60
        ? duration.toMinutes()
            + "m"
            + (duration.toSecondsPart() == 0 ? "" : duration.toSecondsPart() + "s")
        : duration.toSeconds() + "s";
  }
}
