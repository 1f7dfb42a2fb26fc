package io.cronlog.cli;

import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cronlog next}: prints the next fire times of a schedule as the Kubernetes CronJob
 * controller computes them.
 */
@Command(
    name = "next",
    mixinStandardHelpOptions = true,
    description =
        "Prints the next fire times of a schedule, strictly after an instant, as Kubernetes would.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the times were printed (none if the schedule never fires)",
      "2:invalid schedule, zone or option"
    })
public final class NextCommand implements Callable<Integer> {

  /** Exit status for invalid input, as for picocli's own usage errors. */
  static final int INVALID_INPUT = 2;

  // RFC 3339 with the zone's offset; a zero offset is written Z.
  private static final DateTimeFormatter RFC_3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private final Clock clock;

  @Spec private CommandSpec spec;

  @Option(
      names = "--time-zone",
      paramLabel = "ZONE",
      description = "IANA time zone the schedule is read in, as spec.timeZone (default: UTC).")
  private String timeZone;

  @Option(
      names = "--from",
      paramLabel = "INSTANT",
      description =
          "RFC 3339 instant to start after, e.g. 2026-11-01T00:00:00-04:00 (default: now).")
  private String from;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many fire times to print, at least 1 (default: ${DEFAULT-VALUE}).")
  private int count;

  @Parameters(
      index = "0",
      paramLabel = "SCHEDULE",
      description =
          "Five cron fields or a descriptor, quoted as one argument: '30 10 * * 1-5', @daily, '@every 90m'.")
  private String schedule;

  /** Uses the system clock for the default of {@code --from}. */
  public NextCommand() {
    this(Clock.systemUTC());
  }

  /** Uses {@code clock} for the default of {@code --from}, so that tests can fix "now". */
  public NextCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (count < 1) {
      err.println("--count must be at least 1, was " + count);
      return INVALID_INPUT;
    }
    Instant start;
    try {
      start = from == null ? clock.instant() : OffsetDateTime.parse(from).toInstant();
    } catch (DateTimeParseException e) {
      err.println(
          "--from: \"" + from + "\" is not an RFC 3339 instant such as 2026-11-01T00:00:00Z");
      return INVALID_INPUT;
    }
    Schedule parsed;
    try {
      parsed = Schedule.parse(schedule, timeZone);
    } catch (ScheduleException e) {
      err.println(e.getMessage());
      return INVALID_INPUT;
    }
    Instant t = start;
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = parsed.next(t);
      if (next.isEmpty()) {
        // Not an error: Kubernetes accepts such a schedule; it simply never creates a Job.
        err.println(
            i == 0
                ? "the schedule does not fire within five years of "
                    + format(start, parsed)
                    + "; it may never fire"
                : "no further fire time within five years");
        break;
      }
      t = next.get();
      out.println(format(t, parsed));
    }
    out.flush();
    return 0;
  }

  private static String format(Instant instant, Schedule schedule) {
    return RFC_3339.format(instant.atZone(schedule.zone()));
  }
}
