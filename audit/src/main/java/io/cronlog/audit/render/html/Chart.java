package io.cronlog.audit.render.html;

import static io.cronlog.audit.render.html.Html.escape;
import static io.cronlog.audit.render.html.Html.num;

import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.render.Times;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.audit.timeline.TimelineEntry.Kind;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One ScheduledJob's timeline drawn on the time axis as inline SVG: a mark per run at its scheduled
 * time, failed Jobs and unreadable records below them, spec changes across. Each mark carries its
 * kind (and a run its fate) as data attributes and its words and records as an SVG {@code <title>},
 * which browsers show on hover without any script.
 */
final class Chart {

  static final int HEIGHT = 92;
  private static final int TOP = 8;
  private static final int RUN_Y = 24;
  private static final int JOB_Y = 46;
  private static final int AXIS_Y = 66;
  private static final int LABEL_Y = 84;

  private final TimeAxis axis;
  private final Duration maxSkew;
  private final Writer out;

  Chart(TimeAxis axis, Duration maxSkew, Writer out) {
    this.axis = axis;
    this.maxSkew = maxSkew;
    this.out = out;
  }

  void draw(String label, List<TimelineEntry> entries) throws IOException {
    out.write(
        "<svg class=\"timeline\" width=\""
            + TimeAxis.WIDTH
            + "\" height=\""
            + HEIGHT
            + "\" viewBox=\"0 0 "
            + TimeAxis.WIDTH
            + " "
            + HEIGHT
            + "\" role=\"img\" aria-label=\""
            + escape(label)
            + "\">\n");
    axisLine();
    // Drawn in passes so that the lines across lie under the marks and a run is never hidden by
    // one.
    for (TimelineEntry entry : entries) {
      switch (entry.kind()) {
        case SPEC_CHANGED -> across(entry, "spec");
        case CREATED, DELETED -> across(entry, "life");
        default -> {}
      }
    }
    for (TimelineEntry entry : entries) {
      switch (entry.kind()) {
        case RUN, MANUAL_RUN -> run(entry);
        case JOB_FAILED -> jobFailed(entry);
        case DEAD_LETTER, UNREADABLE -> warning(entry);
        default -> {}
      }
    }
    out.write("</svg>\n");
  }

  private void axisLine() throws IOException {
    out.write(
        "<line class=\"axis\" x1=\""
            + TimeAxis.MARGIN
            + "\" y1=\""
            + AXIS_Y
            + "\" x2=\""
            + (TimeAxis.WIDTH - TimeAxis.MARGIN)
            + "\" y2=\""
            + AXIS_Y
            + "\"/>\n");
    boolean first = true;
    for (TimeAxis.Tick tick : axis.ticks()) {
      String x = num(tick.x());
      out.write(
          "<line class=\"tick\" x1=\""
              + x
              + "\" y1=\""
              + AXIS_Y
              + "\" x2=\""
              + x
              + "\" y2=\""
              + (AXIS_Y + 5)
              + "\"/><text class=\"tick-label"
              + anchor(tick.x())
              + "\" x=\""
              + x
              + "\" y=\""
              + LABEL_Y
              + "\">"
              + escape(tick.label())
              + (first ? " UTC" : "")
              + "</text>\n");
      first = false;
    }
  }

  /**
   * A label at either end is drawn inward, so that it is not cut off by the edge of the picture.
   */
  private static String anchor(double x) {
    return x < 3 * TimeAxis.MARGIN
        ? " start"
        : x > TimeAxis.WIDTH - 3 * TimeAxis.MARGIN ? " end" : "";
  }

  private void run(TimelineEntry entry) throws IOException {
    RunLook look = RunLook.of(entry, maxSkew);
    boolean manual = entry.kind() == Kind.MANUAL_RUN;
    double x = axis.x(entry.time());
    out.write(
        "<g class=\"mark run "
            + look.look()
            + (manual ? " manual" : "")
            + "\" data-kind=\""
            + entry.kind().text()
            + "\" data-fate=\""
            + escape(look.fate())
            + "\" data-time=\""
            + entry.time()
            + "\"");
    if (look.latenessSeconds() != null) {
      out.write(" data-lateness-seconds=\"" + num(look.latenessSeconds()) + "\"");
    }
    out.write(">");
    title(entry);
    if (look.late()) {
      // True to scale: on a long span a minute late is shorter than the mark, and the colour says
      // it.
      Instant created = entry.time().plusMillis(Math.round(look.latenessSeconds() * 1000));
      out.write(
          "<line class=\"whisker\" x1=\""
              + num(x)
              + "\" y1=\""
              + RUN_Y
              + "\" x2=\""
              + num(axis.x(created))
              + "\" y2=\""
              + RUN_Y
              + "\"/>");
    }
    if (manual) {
      out.write("<path d=\"M" + num(x) + " " + (RUN_Y - 6) + " l6 6 l-6 6 l-6 -6 z\"/>");
    } else {
      out.write("<circle cx=\"" + num(x) + "\" cy=\"" + RUN_Y + "\" r=\"5\"/>");
    }
    out.write("</g>\n");
  }

  private void jobFailed(TimelineEntry entry) throws IOException {
    String x = num(axis.x(entry.time()));
    out.write(
        "<g class=\"mark job-failed\" data-kind=\""
            + entry.kind().text()
            + "\" data-time=\""
            + entry.time()
            + "\">");
    title(entry);
    out.write("<path d=\"M" + x + " " + JOB_Y + " m-4 -4 l8 8 m0 -8 l-8 8\"/></g>\n");
  }

  private void warning(TimelineEntry entry) throws IOException {
    String x = num(axis.x(entry.time()));
    out.write(
        "<g class=\"mark warning\" data-kind=\""
            + entry.kind().text()
            + "\" data-time=\""
            + entry.time()
            + "\">");
    title(entry);
    out.write("<path d=\"M" + x + " " + (JOB_Y - 6) + " l6 11 l-12 0 z\"/></g>\n");
  }

  /** A line across the lanes; a wide invisible twin makes a one-pixel line easy to hover. */
  private void across(TimelineEntry entry, String look) throws IOException {
    String x = num(axis.x(entry.time()));
    String line = " x1=\"" + x + "\" y1=\"" + TOP + "\" x2=\"" + x + "\" y2=\"" + AXIS_Y + "\"/>";
    out.write(
        "<g class=\"mark "
            + look
            + "\" data-kind=\""
            + entry.kind().text()
            + "\" data-time=\""
            + entry.time()
            + "\">");
    title(entry);
    out.write("<line class=\"hit\"" + line + "<line class=\"line\"" + line + "</g>\n");
  }

  /**
   * What a person sees on hover: the time in UTC and the zone, the entry's line and its records.
   */
  private void title(TimelineEntry entry) throws IOException {
    StringBuilder title =
        new StringBuilder(Times.both(entry.time(), entry.zone())).append("\n").append(entry.text());
    for (RecordRef ref : entry.records()) {
      title.append("\n").append(ref);
    }
    out.write("<title>" + escape(title) + "</title>");
  }
}
