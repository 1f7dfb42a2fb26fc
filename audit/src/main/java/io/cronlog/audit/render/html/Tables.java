package io.cronlog.audit.render.html;

import static io.cronlog.audit.render.html.Html.escape;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.audit.timeline.TimelineEntry.Kind;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The tables under a ScheduledJob's picture: its entries, and the findings about it with their
 * proof.
 */
final class Tables {

  /**
   * Past this many entries the table starts folded, so that the pictures of a long page stay near
   * each other.
   */
  static final int OPEN_UP_TO = 200;

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss zzz");

  private final Duration maxSkew;
  private final Writer out;

  Tables(Duration maxSkew, Writer out) {
    this.maxSkew = maxSkew;
    this.out = out;
  }

  void entries(List<TimelineEntry> entries) throws IOException {
    if (entries.isEmpty()) {
      out.write("<p class=\"empty\">Nothing in this span.</p>\n");
      return;
    }
    out.write(
        "<details class=\"entries\""
            + (entries.size() <= OPEN_UP_TO ? " open=\"open\"" : "")
            + "><summary>"
            + entries.size()
            + (entries.size() == 1 ? " entry" : " entries")
            + "</summary>\n");
    out.write(
        "<table class=\"entries\"><thead><tr><th>time (UTC)</th><th>its zone</th><th>kind</th><th>what</th>"
            + "<th>records</th></tr></thead><tbody>\n");
    for (TimelineEntry entry : entries) {
      out.write(
          "<tr class=\""
              + rowClass(entry)
              + "\"><td class=\"time\">"
              + utc(entry.time())
              + "</td><td class=\"time\">"
              + escape(local(entry.time(), entry.zone()))
              + "</td><td>"
              + entry.kind().text()
              + "</td><td>"
              + escape(entry.text())
              + "</td><td class=\"refs\">");
      refs(entry.records());
      out.write("</td></tr>\n");
    }
    out.write("</tbody></table></details>\n");
  }

  void findings(List<Finding> findings) throws IOException {
    if (findings.isEmpty()) {
      return;
    }
    out.write(
        "<h3>Findings</h3>\n<table class=\"findings\"><thead><tr><th>kind</th><th>time (UTC)</th><th>what</th>"
            + "<th>proof</th></tr></thead><tbody>\n");
    for (Finding finding : findings) {
      out.write(
          "<tr class=\"finding\" data-finding=\""
              + finding.kind().text()
              + "\"><td>"
              + finding.kind().text()
              + "</td><td class=\"time\">"
              + (finding.time() == null ? "" : utc(finding.time()))
              + "</td><td>"
              + escape(finding.message())
              + "</td><td class=\"refs\">");
      refs(finding.proof());
      out.write("</td></tr>\n");
    }
    out.write("</tbody></table>\n");
  }

  private void refs(List<RecordRef> refs) throws IOException {
    for (RecordRef ref : refs) {
      out.write("<div class=\"ref\">" + escape(ref) + "</div>");
    }
  }

  /** A run's row takes its mark's colour, so that the table reads like the picture. */
  private String rowClass(TimelineEntry entry) {
    if (entry.kind() == Kind.RUN || entry.kind() == Kind.MANUAL_RUN) {
      return "row run " + RunLook.of(entry, maxSkew).look();
    }
    return "row " + entry.kind().text();
  }

  static String utc(Instant time) {
    return UTC.format(time) + "Z";
  }

  private static String local(Instant time, ZoneId zone) {
    ZoneId shown = zone == null ? ZoneOffset.UTC : zone;
    // DateTimeFormatter writes UTC as "Z"; a column headed "its zone" reads better with the word.
    return shown.normalized().equals(ZoneOffset.UTC)
        ? UTC.format(time) + " UTC"
        : LOCAL.format(time.atZone(shown));
  }
}
