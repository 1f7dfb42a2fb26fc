package io.cronlog.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Compares every case of the golden file made by {@code schedule/golden/generate.sh} (robfig/cron
 * v3.0.1 run by Go) with our parser and evaluator, and reports all disagreements at once.
 *
 * <p>{@code -Dcronlog.golden=/path/file.tsv} checks another file of the same format, such as a
 * held-out file generated with a different seed.
 */
class RobfigGoldenTest {

  private static final String RESOURCE = "/golden/robfig-v3.0.1.tsv";
  private static final DateTimeFormatter RFC_3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  /** One line of the golden file. */
  record GoldenCase(int line, String spec, String zone, Instant from, String expected) {}

  @Test
  void agreesWithRobfigOnEveryGoldenCase() throws IOException {
    List<GoldenCase> cases = read();
    assertThat(cases).as("cases in the golden file").hasSizeGreaterThanOrEqualTo(2_000);

    List<String> mismatches = new ArrayList<>();
    for (GoldenCase c : cases) {
      String actual = evaluate(c);
      if (!sameOutcome(c.expected(), actual)) {
        mismatches.add(
            "line "
                + c.line()
                + ": '"
                + c.spec()
                + "' in '"
                + c.zone()
                + "' from "
                + c.from()
                + "\n    robfig: "
                + c.expected()
                + "\n    ours:   "
                + actual);
      }
    }
    assertThat(mismatches)
        .as(
            "%d of %d cases disagree with robfig/cron:%n%s",
            mismatches.size(), cases.size(), String.join("\n", mismatches))
        .isEmpty();
  }

  @Test
  void goldenFileCoversErrorsNeverFiringAndTimes() throws IOException {
    List<GoldenCase> cases = read();
    assertThat(cases).anyMatch(c -> c.expected().startsWith("invalid-schedule:"));
    assertThat(cases).anyMatch(c -> c.expected().startsWith("invalid-zone:"));
    assertThat(cases).anyMatch(c -> c.expected().equals("never"));
    assertThat(cases)
        .filteredOn(c -> c.zone().equals("Australia/Lord_Howe"))
        .hasSizeGreaterThan(10);
  }

  /** Error outcomes compare by kind only: robfig's messages are not ours. */
  private static boolean sameOutcome(String expected, String actual) {
    if (expected.startsWith("invalid-")) {
      return actual.startsWith(expected.substring(0, expected.indexOf(':') + 1));
    }
    return expected.equals(actual);
  }

  private static String evaluate(GoldenCase c) {
    Schedule schedule;
    try {
      schedule = Schedule.parse(c.spec(), c.zone());
    } catch (UnknownTimeZoneException e) {
      return "invalid-zone: " + e.getMessage();
    } catch (InvalidScheduleException e) {
      return "invalid-schedule: " + e.getMessage();
    } catch (ScheduleException e) {
      throw new AssertionError("a new kind of ScheduleException", e);
    }
    List<String> times = new ArrayList<>();
    Instant t = c.from();
    ZoneId zone = schedule.zone();
    for (int i = 0; i < 5; i++) {
      Optional<Instant> next = schedule.next(t);
      if (next.isEmpty()) {
        times.add("never");
        break;
      }
      t = next.get();
      times.add(RFC_3339.format(t.atZone(zone)));
    }
    return String.join(" ", times);
  }

  private static List<GoldenCase> read() throws IOException {
    String override = System.getProperty("cronlog.golden");
    try (InputStream in =
        override == null
            ? RobfigGoldenTest.class.getResourceAsStream(RESOURCE)
            : Files.newInputStream(Path.of(override))) {
      assertThat(in).as("golden file %s", override == null ? RESOURCE : override).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<GoldenCase> cases = new ArrayList<>();
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        assertThat(columns).as("columns of line %d", number).hasSize(4);
        cases.add(
            new GoldenCase(
                number,
                unescape(columns[0]),
                unescape(columns[1]),
                Instant.parse(columns[2]),
                columns[3]));
      }
      return cases;
    }
  }

  /** Reverses the generator's escaping of backslash, tab, newline, return and other code points. */
  static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char kind = text.charAt(++i);
      switch (kind) {
        case '\\' -> out.append('\\');
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'u' -> {
          int close = text.indexOf('}', i);
          out.appendCodePoint(Integer.parseInt(text.substring(i + 2, close), 16));
          i = close;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + kind + " in " + text);
      }
    }
    return out.toString();
  }
}
