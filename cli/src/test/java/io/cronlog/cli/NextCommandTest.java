package io.cronlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NextCommandTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-10-31T12:00:00Z"), ZoneOffset.UTC);

  /** What one run of the command printed, and its exit status. */
  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        new CommandLine(new NextCommand(NOW))
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void printsFiveTimesAfterNowInUtcByDefault() {
    Run run = run("@daily");
    assertThat(run.status()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "2026-11-01T00:00:00Z",
            "2026-11-02T00:00:00Z",
            "2026-11-03T00:00:00Z",
            "2026-11-04T00:00:00Z",
            "2026-11-05T00:00:00Z");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void printsTheRepeatedHourTwiceWithTheZonesOffsets() {
    Run run = run("--time-zone", "America/New_York", "--count", "3", "30 1 * * *");
    assertThat(run.status()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-02T01:30:00-05:00");
  }

  @Test
  void startsStrictlyAfterTheGivenInstant() {
    Run run = run("--from", "2026-03-06T10:30:00Z", "--count", "2", "30 10,11,12 * * 1-5");
    assertThat(run.out().lines()).containsExactly("2026-03-06T11:30:00Z", "2026-03-06T12:30:00Z");
  }

  @Test
  void acceptsAnInstantWithAnOffset() {
    Run run = run("--from", "2026-03-06T05:30:00-05:00", "--count", "1", "30 10,11,12 * * 1-5");
    assertThat(run.out().lines()).containsExactly("2026-03-06T11:30:00Z");
  }

  @Test
  void rejectsAnInvalidScheduleWithOneLineNamingTheProblem() {
    Run run = run("0 0 * * 7");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly("day-of-week: 7 is above the maximum 6");
  }

  @Test
  void rejectsAnUnknownZone() {
    Run run = run("--time-zone", "Local", "@daily");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().contains("Local is not allowed");
  }

  @Test
  void rejectsAnUnreadableInstant() {
    Run run = run("--from", "yesterday", "@daily");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().startsWith("--from:");
  }

  @Test
  void rejectsACountBelowOne() {
    Run run = run("--count", "0", "@daily");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly("--count must be at least 1, was 0");
  }

  @Test
  void printsNothingAndANoteForAScheduleThatNeverFires() {
    Run run = run("0 0 30 2 *");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("does not fire within five years");
  }

  @Test
  void rejectsASchedulePassedAsSeparateWords() {
    Run run = run("0", "0", "*", "*", "*");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched arguments");
  }
}
