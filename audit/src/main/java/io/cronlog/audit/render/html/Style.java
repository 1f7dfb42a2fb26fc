package io.cronlog.audit.render.html;

import java.io.IOException;
import java.io.Writer;

/** The page's look, inline: colours by what became of a run, and the legend that explains them. */
final class Style {

  // No '<' or '&' in here: the style element must stay well-formed for the tests' XML parser.
  static final String CSS =
      """
      body { font: 14px/1.4 system-ui, sans-serif; color: #222; margin: 1.5em; max-width: 1100px; }
      h1 { font-size: 1.3em; margin: 0 0 .3em; }
      h2 { font-size: 1.1em; margin: 1.6em 0 .2em; font-family: ui-monospace, monospace; }
      h3 { font-size: 1em; margin: .8em 0 .2em; }
      p.span, p.summary { margin: .2em 0 .5em; }
      .count { font-weight: 600; }
      .count.zero { font-weight: normal; color: #888; }
      td.count.late { color: #a66f00; } td.count.missed { color: #d62728; } td.count.failed { color: #7f0000; }
      td.count.findings { color: #d62728; }
      table { border-collapse: collapse; font-size: 12px; margin: .3em 0; }
      th, td { text-align: left; vertical-align: top; padding: 2px 8px 2px 4px; border-bottom: 1px solid #eee; }
      td.time, td.refs { font-family: ui-monospace, monospace; white-space: nowrap; }
      td.refs { color: #555; font-size: 11px; }
      tr.row.run td:first-child { border-left: 4px solid #ccc; }
      tr.row.run.ok td:first-child { border-left-color: #2e9d4a; }
      tr.row.run.late td:first-child { border-left-color: #e6a100; }
      tr.row.run.missed td:first-child { border-left-color: #d62728; }
      tr.row.run.failed td:first-child { border-left-color: #7f0000; }
      tr.row.job-failed, tr.row.dead-letter, tr.row.unreadable, tr.finding { background: #fff3f0; }
      ul.legend { list-style: none; padding: 0; margin: .3em 0 .8em; font-size: 12px; }
      ul.legend li { display: inline-block; margin-right: 1.2em; }
      ul.legend svg { vertical-align: middle; margin-right: .3em; }
      svg.timeline { display: block; background: #fafafa; border: 1px solid #eee; }
      .axis, .tick { stroke: #777; }
      .tick-label { font-size: 10px; fill: #555; text-anchor: middle; }
      .tick-label.start { text-anchor: start; } .tick-label.end { text-anchor: end; }
      .run { stroke: #fff; stroke-width: .8; }
      .run.ok { fill: #2e9d4a; } .run.late { fill: #e6a100; } .run.missed { fill: #d62728; }
      .run.failed { fill: #7f0000; } .run.skipped { fill: #9a9a9a; } .run.unknown { fill: #5b6bbf; }
      .run.pending { fill: none; stroke: #555; stroke-width: 1.5; }
      .whisker { stroke: #e6a100; stroke-width: 2; }
      .job-failed { stroke: #d62728; stroke-width: 2; fill: none; }
      .warning { fill: #f0ad00; stroke: #7a5300; stroke-width: 1; }
      .spec .line { stroke: #3b6ea8; stroke-dasharray: 4 3; }
      .life .line { stroke: #444; }
      .hit { stroke: transparent; stroke-width: 8; }
      details.entries summary { cursor: pointer; color: #555; font-size: 12px; }
      """;

  private Style() {}

  /** Each symbol once, as drawn in the pictures but without the attributes that mark a fact. */
  static void legend(Writer out) throws IOException {
    out.write("<ul class=\"legend\">\n");
    item(out, "<circle class=\"run ok\" cx=\"10\" cy=\"8\" r=\"5\"/>", "ran on time");
    item(
        out,
        "<line class=\"whisker\" x1=\"6\" y1=\"8\" x2=\"19\" y2=\"8\"/>"
            + "<circle class=\"run late\" cx=\"6\" cy=\"8\" r=\"5\"/>",
        "ran late (line: to its Job's creation)");
    item(
        out,
        "<circle class=\"run missed\" cx=\"10\" cy=\"8\" r=\"5\"/>",
        "missed, or commanded and never carried out");
    item(out, "<circle class=\"run failed\" cx=\"10\" cy=\"8\" r=\"5\"/>", "failed or refused");
    item(
        out,
        "<circle class=\"run skipped\" cx=\"10\" cy=\"8\" r=\"5\"/>",
        "skipped (Forbid, superseded, past its deadline, moot)");
    item(out, "<circle class=\"run pending\" cx=\"10\" cy=\"8\" r=\"5\"/>", "pending");
    item(out, "<path class=\"run ok\" d=\"M10 2 l6 6 l-6 6 l-6 -6 z\"/>", "manual run");
    item(out, "<path class=\"job-failed\" d=\"M6 4 l8 8 m0 -8 l-8 8\"/>", "Job failed");
    item(
        out,
        "<g class=\"spec\"><line class=\"line\" x1=\"10\" y1=\"0\" x2=\"10\" y2=\"16\"/></g>",
        "spec changed");
    item(
        out,
        "<g class=\"life\"><line class=\"line\" x1=\"10\" y1=\"0\" x2=\"10\" y2=\"16\"/></g>",
        "created or deleted");
    item(
        out,
        "<path class=\"warning\" d=\"M10 2 l6 11 l-12 0 z\"/>",
        "dead letter or unreadable record");
    out.write("</ul>\n");
  }

  private static void item(Writer out, String symbol, String label) throws IOException {
    out.write(
        "<li><svg width=\"20\" height=\"16\" viewBox=\"0 0 20 16\" aria-hidden=\"true\">"
            + symbol
            + "</svg>"
            + label
            + "</li>\n");
  }
}
