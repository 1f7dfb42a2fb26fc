package io.cronlog.audit.render.html;

import static io.cronlog.audit.render.html.Html.escape;

import io.cronlog.audit.analyze.Durations;
import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.records.ScheduledJobKey;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The audit as one self-contained HTML page: per ScheduledJob a summary, its runs drawn on a time
 * axis over the span, its entries and its findings. Styles and pictures are inline and nothing is
 * fetched, so the page can be mailed, attached to a ticket or opened offline years later.
 */
public final class HtmlReport {

  private final String title;
  private final Instant from;
  private final Instant until;
  private final Duration maxSkew;

  /**
   * @param title the page's heading, e.g. {@code cronlog audit, 2026-11-27 09:00 to 10:00 UTC, read
   *     from localhost:9092}
   * @param from the start of the span, or null for as far back as the trail goes (the axis then
   *     starts at the first fact)
   * @param until the end of the span
   * @param maxSkew how long after its time a run's Job may come and still be on time
   */
  public HtmlReport(String title, Instant from, Instant until, Duration maxSkew) {
    this.title = Objects.requireNonNull(title, "title");
    this.from = from;
    this.until = Objects.requireNonNull(until, "until");
    this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
  }

  /**
   * Writes the page: a section per key of {@code timelines} in its order, then one per key that has
   * only findings. A null key holds what could not be tied to a ScheduledJob (an unreadable
   * record).
   */
  public void write(
      Writer out,
      Map<ScheduledJobKey, List<TimelineEntry>> timelines,
      Map<ScheduledJobKey, List<Finding>> findings)
      throws IOException {
    // Copied before any lookup: the null key is allowed here, and Map.of's maps throw on looking it
    // up.
    Map<ScheduledJobKey, List<TimelineEntry>> entriesByKey = new LinkedHashMap<>(timelines);
    Map<ScheduledJobKey, List<Finding>> findingsByKey = new LinkedHashMap<>(findings);
    Set<ScheduledJobKey> keys = new LinkedHashSet<>(entriesByKey.keySet());
    keys.addAll(findingsByKey.keySet());
    List<Section> sections = new ArrayList<>();
    for (ScheduledJobKey key : keys) {
      List<TimelineEntry> entries = entriesByKey.getOrDefault(key, List.of());
      List<Finding> found = findingsByKey.getOrDefault(key, List.of());
      sections.add(new Section(key, entries, found, Tally.of(entries, found.size(), maxSkew)));
    }
    TimeAxis axis =
        new TimeAxis(from == null ? firstFact(timelines.values(), findings.values()) : from, until);
    out.write(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>"
            + escape(title)
            + "</title>\n<style>\n"
            + Style.CSS
            + "</style>\n</head>\n<body>\n<header>\n<h1>"
            + escape(title)
            + "</h1>\n");
    out.write(
        "<p class=\"span\">From "
            + Tables.utc(axis.from())
            + (from == null ? " (the first fact in the trail)" : "")
            + " to "
            + Tables.utc(axis.until())
            + ". Times on the axes are UTC. A run is late when its Job came more than "
            + escape(Durations.text(maxSkew))
            + " after its time.</p>\n");
    Style.legend(out);
    overview(out, sections);
    out.write("</header>\n");
    Chart chart = new Chart(axis, maxSkew, out);
    Tables tables = new Tables(maxSkew, out);
    for (int i = 0; i < sections.size(); i++) {
      Section section = sections.get(i);
      out.write(
          "<section class=\"scheduled-job\" id=\"sj-"
              + i
              + "\">\n<h2>"
              + escape(section.name())
              + "</h2>\n");
      summary(out, section.tally());
      chart.draw(section.name(), section.entries());
      tables.entries(section.entries());
      tables.findings(section.findings());
      out.write("</section>\n");
    }
    out.write("</body>\n</html>\n");
    out.flush();
  }

  /** One ScheduledJob's part of the page. */
  private record Section(
      ScheduledJobKey key, List<TimelineEntry> entries, List<Finding> findings, Tally tally) {
    String name() {
      return key == null ? "(records tied to no ScheduledJob)" : key.toString();
    }
  }

  /**
   * The counts of every ScheduledJob at the top, each linked to its section, to find the bad ones
   * on a long page.
   */
  private static void overview(Writer out, List<Section> sections) throws IOException {
    if (sections.isEmpty()) {
      out.write(
          "<p class=\"empty\">The trail holds nothing about any ScheduledJob in this span.</p>\n");
      return;
    }
    out.write("<table class=\"overview\"><thead><tr><th>ScheduledJob</th>");
    for (Tally.Cell cell : sections.get(0).tally().cells()) {
      out.write("<th>" + cell.label() + "</th>");
    }
    out.write("</tr></thead><tbody>\n");
    for (int i = 0; i < sections.size(); i++) {
      Section section = sections.get(i);
      out.write("<tr><td><a href=\"#sj-" + i + "\">" + escape(section.name()) + "</a></td>");
      for (Tally.Cell cell : section.tally().cells()) {
        out.write(
            "<td class=\""
                + (cell.count() == 0 ? "count zero" : "count " + cell.name())
                + "\">"
                + cell.count()
                + "</td>");
      }
      out.write("</tr>\n");
    }
    out.write("</tbody></table>\n");
  }

  private static void summary(Writer out, Tally tally) throws IOException {
    out.write("<p class=\"summary\">");
    String separator = "";
    for (Tally.Cell cell : tally.cells()) {
      out.write(
          separator
              + "<span class=\"count "
              + cell.name()
              + (cell.count() == 0 ? " zero" : "")
              + "\" data-count=\""
              + cell.name()
              + "\">"
              + cell.count()
              + "</span> "
              + cell.label());
      separator = ", ";
    }
    out.write("</p>\n");
  }

  /**
   * Where an open span's axis starts: the earliest fact shown, or an hour before its end when there
   * is none.
   */
  private Instant firstFact(
      Collection<List<TimelineEntry>> timelines, Collection<List<Finding>> findings) {
    Instant first = null;
    for (List<TimelineEntry> entries : timelines) {
      for (TimelineEntry entry : entries) {
        first = first == null || entry.time().isBefore(first) ? entry.time() : first;
      }
    }
    for (List<Finding> found : findings) {
      for (Finding finding : found) {
        if (finding.time() != null) {
          first = first == null || finding.time().isBefore(first) ? finding.time() : first;
        }
      }
    }
    return first == null || !first.isBefore(until) ? until.minusSeconds(3600) : first;
  }
}
