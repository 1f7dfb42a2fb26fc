package io.cronlog.audit.render.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.audit.analyze.Finding;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.timeline.TimelineEntry;
import io.cronlog.audit.timeline.TimelineEntry.Kind;
import io.cronlog.records.ScheduledJobKey;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlReportTest {

  private static final ScheduledJobKey KEY = new ScheduledJobKey("team-a", "nightly");
  private static final Instant FROM = Instant.parse("2026-11-27T09:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-11-27T10:00:00Z");
  private static final Duration MAX_SKEW = Duration.ofSeconds(10);

  @Test
  void drawsOneMarkPerRunWithItsFate() throws Exception {
    List<TimelineEntry> entries =
        List.of(
            run("09:05", "created", 2.0),
            run("09:10", "created", 95.0),
            run("09:15", "adopted", 1.0),
            run("09:20", "missed", null),
            run("09:25", "no-outcome", null),
            run("09:30", "refused", null),
            run("09:35", "failed", null),
            run("09:40", "skipped-forbid", null),
            run("09:45", "superseded", null),
            run("09:50", "missed-deadline", null),
            run("09:55", "pending", null),
            manual("09:12", "created", 0.5),
            entry(Kind.JOB_FAILED, "09:11", "Job nightly-1 failed"),
            entry(Kind.SPEC_CHANGED, "09:21", "spec: schedule '*/5 * * * *' to '*/10 * * * *'"),
            entry(Kind.DEAD_LETTER, "09:22", "dead letter from cronlog.commands: bad payload"),
            entry(Kind.JOB_SUCCEEDED, "09:06", "Job nightly-0 succeeded"));

    Document page = parse(render(Map.of(KEY, entries), Map.of()));

    List<Element> runs = elements(page, "//*[@data-kind='run']");
    assertThat(runs)
        .extracting(e -> e.getAttribute("data-fate"))
        .containsExactly(
            "created",
            "created",
            "adopted",
            "missed",
            "no-outcome",
            "refused",
            "failed",
            "skipped-forbid",
            "superseded",
            "missed-deadline",
            "pending");
    assertThat(runs)
        .extracting(e -> e.getAttribute("class"))
        .containsExactly(
            "mark run ok",
            "mark run late",
            "mark run ok",
            "mark run missed",
            "mark run missed",
            "mark run failed",
            "mark run failed",
            "mark run skipped",
            "mark run skipped",
            "mark run skipped",
            "mark run pending");
    assertThat(elements(page, "//*[@data-kind='manual-run']"))
        .extracting(e -> e.getAttribute("class"))
        .containsExactly("mark run ok manual");
    assertThat(elements(page, "//*[@data-kind='job-failed']")).hasSize(1);
    assertThat(elements(page, "//*[@data-kind='spec-changed']"))
        .extracting(e -> e.getAttribute("class"))
        .containsExactly("mark spec");
    assertThat(elements(page, "//*[@data-kind='dead-letter']"))
        .extracting(e -> e.getAttribute("class"))
        .containsExactly("mark warning");
    // A Job that succeeded is in the table, not the picture: its run's mark already says it ran.
    assertThat(elements(page, "//svg//*[@data-kind]")).hasSize(15);
    assertThat(elements(page, "//table[@class='entries']/tbody/tr")).hasSize(16);
  }

  @Test
  void aLateRunCarriesItsLatenessAndAWhiskerToItsJobsCreation() throws Exception {
    Document page =
        parse(
            render(
                Map.of(KEY, List.of(run("09:30", "created", 180.0), run("09:45", "created", 4.0))),
                Map.of()));

    List<Element> runs = elements(page, "//*[@data-kind='run']");
    assertThat(runs)
        .extracting(e -> e.getAttribute("data-lateness-seconds"))
        .containsExactly("180.0", "4.0");
    // 09:30 is half way along the 952 pixels between the margins; its Job came at 09:33.
    Element whisker = elements(page, "//*[@data-kind='run']/*[@class='whisker']").get(0);
    assertThat(whisker.getAttribute("x1")).isEqualTo("500.0");
    assertThat(whisker.getAttribute("x2")).isEqualTo("547.6");
    assertThat(elements(page, "//*[@class='whisker']"))
        .hasSize(2); // the late run's and the legend's
    assertThat(elements(runs.get(1), "*[@class='whisker']")).isEmpty();
    assertThat(count(page, "late")).isEqualTo(1);
    assertThat(count(page, "on-time")).isEqualTo(1);
  }

  @Test
  void theSummaryCountsRunsByWhatBecameOfThem() throws Exception {
    List<TimelineEntry> entries =
        List.of(
            run("09:05", "created", 2.0),
            run("09:10", "already-done", null),
            run("09:15", "created", 11.0),
            run("09:20", "missed", null),
            run("09:25", "refused", null),
            run("09:30", "failed", null),
            run("09:35", "superseded", null),
            run("09:40", "pending", null),
            manual("09:41", "created", 30.0),
            manual("09:42", "refused", null));
    Finding finding = finding(Finding.Kind.LATE, "09:15", "run 09:15 started 11s after its time");

    Document page = parse(render(Map.of(KEY, entries), Map.of(KEY, List.of(finding))));

    assertThat(count(page, "runs")).isEqualTo(8);
    assertThat(count(page, "on-time")).isEqualTo(2);
    assertThat(count(page, "late")).isEqualTo(1);
    assertThat(count(page, "missed")).isEqualTo(1);
    assertThat(count(page, "failed")).isEqualTo(2);
    assertThat(count(page, "skipped")).isEqualTo(1);
    assertThat(count(page, "pending")).isEqualTo(1);
    assertThat(count(page, "manual")).isEqualTo(2);
    assertThat(count(page, "findings")).isEqualTo(1);
  }

  @Test
  void eachMarkNamesItsTimeTextAndRecordsOnHover() throws Exception {
    RecordRef command = new RecordRef("cronlog.commands", 3, 1207, "0f1e", "CreateJob");
    RecordRef outcome = new RecordRef("cronlog.outcomes", 3, 88, "0f1e", "CommandOutcome");
    TimelineEntry late =
        new TimelineEntry(
            at("09:10"),
            "uid-1",
            ZoneId.of("Europe/Berlin"),
            Kind.RUN,
            "run 2026-11-27T09:10:00Z: Job created nightly-29, +1m35s (scheduled)",
            fields("created", 95.0),
            List.of(command, outcome));

    Document page = parse(render(Map.of(KEY, List.of(late)), Map.of()));

    String title = xpath(page, "//*[@data-kind='run']/title");
    assertThat(title)
        .isEqualTo(
            "2026-11-27 09:10:00Z (10:10:00 CET)\n"
                + "run 2026-11-27T09:10:00Z: Job created nightly-29, +1m35s (scheduled)\n"
                + "cronlog.commands-3@1207 CreateJob 0f1e\ncronlog.outcomes-3@88 CommandOutcome 0f1e");
    assertThat(xpath(page, "//table[@class='entries']/tbody/tr/td[2]"))
        .isEqualTo("2026-11-27 10:10:00 CET");
    assertThat(elements(page, "//table[@class='entries']/tbody/tr/td[5]/div"))
        .extracting(Element::getTextContent)
        .containsExactly(command.toString(), outcome.toString());
  }

  @Test
  void theFindingsTableListsEachFindingWithItsProof() throws Exception {
    ScheduledJobKey other = new ScheduledJobKey("team-b", "hourly");
    Finding missed =
        finding(
            Finding.Kind.MISSED,
            "09:20",
            "09:20 was due and no Job was made",
            new RecordRef("cronlog.events", 0, 41, "e1", "ScheduledJobObserved"));
    Finding duplicate =
        finding(
            Finding.Kind.DUPLICATE,
            "09:25",
            "two Jobs for 09:25",
            new RecordRef("cronlog.events", 0, 50, "j1", "JobObserved"),
            new RecordRef("cronlog.events", 0, 51, "j2", "JobObserved"));
    Map<ScheduledJobKey, List<TimelineEntry>> timelines = new LinkedHashMap<>();
    timelines.put(KEY, List.of(run("09:20", "missed", null)));
    timelines.put(other, List.of(run("09:00", "created", 1.0)));

    Document page = parse(render(timelines, Map.of(KEY, List.of(missed, duplicate))));

    List<Element> rows = elements(page, "//section[@id='sj-0']//table[@class='findings']/tbody/tr");
    assertThat(rows)
        .extracting(e -> e.getAttribute("data-finding"))
        .containsExactly("missed", "duplicate");
    assertThat(rows)
        .extracting(e -> cell(e, 3))
        .containsExactly("09:20 was due and no Job was made", "two Jobs for 09:25");
    assertThat(rows)
        .extracting(e -> cell(e, 2))
        .containsExactly("2026-11-27 09:20:00Z", "2026-11-27 09:25:00Z");
    assertThat(elements(rows.get(1), "td[4]/div"))
        .extracting(Element::getTextContent)
        .containsExactly(
            "cronlog.events-0@50 JobObserved j1", "cronlog.events-0@51 JobObserved j2");
    assertThat(elements(page, "//section[@id='sj-1']//table[@class='findings']")).isEmpty();
  }

  @Test
  void keysWithOnlyFindingsAndFindingsWithNoKeyGetTheirOwnSections() throws Exception {
    Finding unreadable =
        new Finding(
            Finding.Kind.UNREADABLE,
            null,
            null,
            null,
            "cronlog.events-2@7 is not JSON",
            List.of(new RecordRef("cronlog.events", 2, 7, null, "unknown")));
    Map<ScheduledJobKey, List<Finding>> findings = new LinkedHashMap<>();
    findings.put(
        new ScheduledJobKey("team-c", "gone"),
        List.of(finding(Finding.Kind.FAILED, "09:30", "gave up")));
    findings.put(null, List.of(unreadable));

    Document page = parse(render(Map.of(KEY, List.of()), findings));

    assertThat(elements(page, "//section/h2"))
        .extracting(Element::getTextContent)
        .containsExactly("team-a/nightly", "team-c/gone", "(records tied to no ScheduledJob)");
    assertThat(elements(page, "//section[@id='sj-2']//tr[@class='finding']/td[2]"))
        .extracting(Element::getTextContent)
        .containsExactly("");
  }

  @Test
  void escapesUserTextEverywhereItAppears() throws Exception {
    String evil = "<script>alert('x')</script> & \"q\"";
    ScheduledJobKey key = new ScheduledJobKey("ns", evil);
    TimelineEntry run =
        new TimelineEntry(
            at("09:10"),
            "uid-1",
            ZoneOffset.UTC,
            Kind.RUN,
            "run: refused: " + evil,
            fields("refused", null),
            List.of(new RecordRef("t", 0, 1, evil, "CreateJob")));

    String html =
        render(
            Map.of(key, List.of(run)),
            Map.of(key, List.of(finding(Finding.Kind.REFUSED, "09:10", evil))),
            "audit of " + evil);

    assertThat(html).doesNotContain("<script").doesNotContain("'x'").doesNotContain("\"q\"");
    assertThat(html)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    Document page = parse(html);
    // Escaped once, not twice: what a browser shows is the user's text as it was.
    assertThat(xpath(page, "/html/head/title")).isEqualTo("audit of " + evil);
    assertThat(xpath(page, "//section/h2")).isEqualTo("ns/" + evil);
    assertThat(xpath(page, "//table[@class='findings']/tbody/tr/td[3]")).isEqualTo(evil);
    assertThat(xpath(page, "//table[@class='entries']/tbody/tr/td[4]"))
        .isEqualTo("run: refused: " + evil);
    assertThat(xpath(page, "//*[@data-kind='run']/title")).endsWith("t-0@1 CreateJob " + evil);
    assertThat(xpath(page, "//svg[@class='timeline']/@aria-label")).isEqualTo("ns/" + evil);
  }

  @Test
  void textPastAsciiAndControlCharactersSurviveAnyWriterEncoding() throws Exception {
    String text = "Grüße \u00e9t\u00e9 \uD83D\uDE80 bell\u0007 c1\u0085";
    String html = render(Map.of(KEY, List.of(entry(Kind.EVENT, "09:10", text))), Map.of());

    assertThat(html.chars().allMatch(c -> c < 0x7F)).isTrue();
    assertThat(xpath(parse(html), "//table[@class='entries']/tbody/tr/td[4]"))
        .isEqualTo("Grüße \u00e9t\u00e9 \uD83D\uDE80 bell\uFFFD c1\uFFFD");
  }

  @Test
  void referencesNothingOutsideThePage() throws Exception {
    List<TimelineEntry> entries =
        List.of(
            run("09:05", "created", 2.0),
            manual("09:06", "created", 1.0),
            entry(Kind.SPEC_CHANGED, "09:07", "spec: image http://registry.example/app"),
            entry(Kind.UNREADABLE, "09:08", "unreadable record: not JSON"));

    String html =
        render(
            Map.of(KEY, entries),
            Map.of(KEY, List.of(finding(Finding.Kind.LATE, "09:05", "late"))));

    // User text may name a URL (escaped, as text); the page itself never points at one.
    assertThat(html.replace("image http://registry.example/app", ""))
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("<img")
        .doesNotContain("src=")
        .doesNotContain("url(")
        .doesNotContain("@import")
        .doesNotContain("xmlns");
    Matcher hrefs = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    List<String> targets = new ArrayList<>();
    while (hrefs.find()) {
      targets.add(hrefs.group(1));
    }
    assertThat(targets).containsExactly("#sj-0");
    assertThat(html)
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
        .contains("<style>")
        .contains("<svg");
  }

  @Test
  void holdsThousandsOfRunsOnAFixedWidthPlacedByTime() throws Exception {
    Instant from = Instant.parse("2026-11-27T00:00:00Z");
    Instant until = from.plus(Duration.ofDays(7));
    List<TimelineEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      entries.add(runAt(from.plusSeconds(120L * i), i % 100 == 0 ? "missed" : "created", 1.0));
    }
    StringWriter out = new StringWriter();

    new HtmlReport("week", from, until, MAX_SKEW).write(out, Map.of(KEY, entries), Map.of());

    Document page = parse(out.toString());
    assertThat(elements(page, "//*[@data-kind='run']")).hasSize(5000);
    assertThat(elements(page, "//*[@data-fate='missed']")).hasSize(50);
    assertThat(xpath(page, "//svg[@class='timeline']/@width")).isEqualTo("1000");
    List<Element> circles = elements(page, "//*[@data-kind='run']/circle");
    assertThat(circles.get(0).getAttribute("cx")).isEqualTo("24.0");
    // Run 2520 is at 3.5 days, the middle of the week.
    assertThat(circles.get(2520).getAttribute("cx")).isEqualTo("500.0");
    assertThat(elements(page, "//table[@class='entries']/ancestor::details[@open]")).isEmpty();
  }

  @Test
  void labelsTicksAtRoundUtcTimes() throws Exception {
    Document page = parse(render(Map.of(KEY, List.of(run("09:05", "created", 1.0))), Map.of()));

    List<Element> labels =
        elements(page, "//svg[@class='timeline']/*[starts-with(@class, 'tick-label')]");
    assertThat(labels)
        .extracting(Element::getTextContent)
        .containsExactly("09:00 UTC", "09:10", "09:20", "09:30", "09:40", "09:50", "10:00");
    // The labels at the ends are drawn inward, so that the edge of the picture does not cut them.
    assertThat(labels)
        .extracting(e -> e.getAttribute("class"))
        .containsExactly(
            "tick-label start",
            "tick-label",
            "tick-label",
            "tick-label",
            "tick-label",
            "tick-label",
            "tick-label end");
  }

  @Test
  void anOpenSpanStartsAtTheFirstFact() throws Exception {
    StringWriter out = new StringWriter();

    new HtmlReport("all", null, UNTIL, MAX_SKEW)
        .write(
            out,
            Map.of(KEY, List.of(run("09:30", "created", 1.0), run("09:45", "created", 1.0))),
            Map.of());

    Document page = parse(out.toString());
    assertThat(elements(page, "//*[@data-kind='run']/circle"))
        .extracting(e -> e.getAttribute("cx"))
        .containsExactly("24.0", "500.0");
    assertThat(xpath(page, "//p[@class='span']"))
        .startsWith("From 2026-11-27 09:30:00Z (the first fact in the trail)");
  }

  // --- fixture

  private static String render(
      Map<ScheduledJobKey, List<TimelineEntry>> timelines,
      Map<ScheduledJobKey, List<Finding>> findings)
      throws Exception {
    return render(
        timelines,
        findings,
        "cronlog audit, 2026-11-27 09:00 to 10:00 UTC, read from localhost:9092");
  }

  private static String render(
      Map<ScheduledJobKey, List<TimelineEntry>> timelines,
      Map<ScheduledJobKey, List<Finding>> findings,
      String title)
      throws Exception {
    StringWriter out = new StringWriter();
    new HtmlReport(title, FROM, UNTIL, MAX_SKEW).write(out, timelines, findings);
    return out.toString();
  }

  private static Instant at(String hhmm) {
    return Instant.parse("2026-11-27T" + hhmm + ":00Z");
  }

  private static TimelineEntry run(String hhmm, String fate, Double latenessSeconds) {
    return runAt(at(hhmm), fate, latenessSeconds);
  }

  private static TimelineEntry runAt(Instant time, String fate, Double latenessSeconds) {
    return new TimelineEntry(
        time,
        "uid-1",
        ZoneOffset.UTC,
        Kind.RUN,
        "run " + time + ": " + fate,
        fields(fate, latenessSeconds),
        List.of(new RecordRef("cronlog.commands", 0, time.getEpochSecond(), "c", "CreateJob")));
  }

  private static TimelineEntry manual(String hhmm, String fate, Double latenessSeconds) {
    Map<String, Object> fields = new LinkedHashMap<>(fields(fate, latenessSeconds));
    fields.put("trigger", "by-hand");
    fields.put("reason", "manual");
    return new TimelineEntry(
        at(hhmm),
        "uid-1",
        ZoneOffset.UTC,
        Kind.MANUAL_RUN,
        "manual run 'by-hand': " + fate,
        fields,
        List.of(new RecordRef("cronlog.commands", 0, 9, "m", "CreateJob")));
  }

  /** The fields of a run as the timeline writes them. */
  private static Map<String, Object> fields(String fate, Double latenessSeconds) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scheduledTime", "ignored by the page: it places a run at the entry's time");
    fields.put("fate", fate);
    fields.put("due", true);
    fields.put("reason", "scheduled");
    fields.put("jobs", List.of());
    fields.put("latenessSeconds", latenessSeconds);
    fields.put("detail", null);
    return fields;
  }

  private static TimelineEntry entry(Kind kind, String hhmm, String text) {
    return new TimelineEntry(
        at(hhmm),
        "uid-1",
        ZoneOffset.UTC,
        kind,
        text,
        Map.of(),
        List.of(new RecordRef("cronlog.events", 0, 5, "e", "Observed")));
  }

  private static Finding finding(
      Finding.Kind kind, String hhmm, String message, RecordRef... proof) {
    return new Finding(kind, KEY, "uid-1", at(hhmm), message, List.of(proof));
  }

  /** The page parsed as XML: it is written well-formed, so a parse failure is a bug in the page. */
  private static Document parse(String html) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(html)));
  }

  private static List<Element> elements(Object context, String path) throws Exception {
    NodeList nodes =
        (NodeList)
            XPathFactory.newInstance().newXPath().evaluate(path, context, XPathConstants.NODESET);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  private static String xpath(Object context, String path) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(path, context);
  }

  private static String cell(Element row, int column) {
    try {
      return xpath(row, "td[" + column + "]");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static int count(Document page, String name) throws Exception {
    return Integer.parseInt(xpath(page, "//section//*[@data-count='" + name + "']"));
  }
}
