package io.cronlog.audit.render;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.analyze.VerifySummary;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.snapshot.Snapshot;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.records.ScheduledJobKey;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The audit's answers as one JSON object per line, for programs (jq, a log pipeline). */
public final class JsonRenderer {

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final PrintWriter out;

  public JsonRenderer(PrintWriter out) {
    this.out = out;
  }

  /** One line per timeline entry. */
  public void timeline(ScheduledJobKey key, List<TimelineEntry> entries) {
    for (TimelineEntry entry : entries) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("scheduledJob", key.toString());
      line.put("uid", entry.uid());
      line.put("time", entry.time().toString());
      line.put("localTime", Times.local(entry.time(), entry.zone()));
      line.put("kind", entry.kind().text());
      line.putAll(entry.fields());
      line.put("text", entry.text());
      line.put("records", refs(entry.records()));
      write(line);
    }
  }

  /** The line of a ScheduledJob asked for that the trail holds no record of. */
  public void noRecord(ScheduledJobKey key, String text) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("scheduledJob", key.toString());
    line.put("kind", "no-record");
    line.put("text", text);
    write(line);
  }

  /** One line per finding. */
  public void finding(Finding finding) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("finding", finding.kind().text());
    line.put("scheduledJob", finding.key() == null ? null : finding.key().toString());
    line.put("uid", finding.uid());
    line.put("time", finding.time() == null ? null : finding.time().toString());
    line.put("message", finding.message());
    line.put("records", refs(finding.proof()));
    write(line);
  }

  /** The last line of a verification. */
  public void summary(VerifySummary summary) {
    Map<String, Object> counts = new LinkedHashMap<>();
    summary.findings().forEach((kind, count) -> counts.put(kind.text(), count));
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("summary", counts);
    line.put("findings", summary.total());
    line.put("scheduledJobs", summary.scheduledJobs());
    line.put("runsJudged", summary.runsJudged());
    line.put("runsRan", summary.runsRan());
    line.put("runsOnTime", summary.runsOnTime());
    line.put("runsNotRunByTheRules", summary.runsNotRunByTheRules());
    line.put("judgedFrom", summary.trailCutAt() == null ? null : summary.trailCutAt().toString());
    if (summary.decisionsReplayed() >= 0) {
      line.put("decisionsReplayed", summary.decisionsReplayed());
      line.put("decisionsBeforeTrail", summary.decisionsBeforeTrail());
    }
    write(line);
  }

  /** The ScheduledJob at one instant: its state as the watcher published it, whole. */
  public void snapshot(Snapshot snapshot) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("scheduledJob", snapshot.key().toString());
    line.put("at", snapshot.at().toString());
    line.put("exists", snapshot.state() != null);
    line.put("observedAt", snapshot.observedAt() == null ? null : snapshot.observedAt().toString());
    line.put("deletedAt", snapshot.deletedAt() == null ? null : snapshot.deletedAt().toString());
    line.put("record", snapshot.ref() == null ? null : snapshot.ref().toString());
    if (snapshot.state() != null) {
      line.put("object", snapshot.state().scheduledJob());
      line.put("jobs", snapshot.state().jobs());
      line.put("scheduleSince", snapshot.state().scheduleSince());
    }
    write(line);
  }

  public void flush() {
    out.flush();
  }

  private void write(Map<String, Object> line) {
    out.println(mapper.writeValueAsString(line));
  }

  private static List<String> refs(List<RecordRef> refs) {
    return refs.stream().map(RecordRef::toString).toList();
  }
}
