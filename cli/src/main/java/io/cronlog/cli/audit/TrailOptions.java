package io.cronlog.cli.audit;

import io.cronlog.audit.read.KafkaConnection;
import io.cronlog.cli.KafkaOptions;
import io.cronlog.records.ScheduledJobKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the audit commands share: which ScheduledJobs, which span, which Kafka, which output. */
final class TrailOptions {

  @Parameters(
      paramLabel = "NAMESPACE/NAME",
      arity = "0..*",
      description = "The ScheduledJobs to read (default: all of them, deleted ones included).")
  List<String> names = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "T",
      description =
          "From this time: RFC 3339 (2026-11-27T10:00:00Z) or a duration back from now (1h, 7d).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "T",
      description = "Up to this time, written as --since is (default: now).")
  String until;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (for a person), json (one JSON object per line) or html (one self-contained page).")
  String output;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  /** What the options ask for, checked: which ScheduledJobs, which span, which output. */
  record Asked(List<ScheduledJobKey> keys, Instant since, Instant until, String format) {}

  /** The options as asked at {@code now}; a bad one is a one-line usage error. */
  Asked asked(CommandLine command, Instant now) {
    Instant from = since(command, now);
    Instant to = until(command, now);
    if (from != null && to != null && from.isAfter(to)) {
      throw new CommandLine.ParameterException(command, "--since is after --until");
    }
    return new Asked(keys(command), from, to, format(command));
  }

  /** The keys named, each checked. */
  List<ScheduledJobKey> keys(CommandLine command) {
    List<ScheduledJobKey> keys = new ArrayList<>();
    for (String name : names) {
      try {
        keys.add(ScheduledJobKey.parse(name));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(command, "'" + name + "' is not NAMESPACE/NAME");
      }
    }
    return keys;
  }

  Instant since(CommandLine command, Instant now) {
    return time(command, "--since", since, now);
  }

  Instant until(CommandLine command, Instant now) {
    return time(command, "--until", until, now);
  }

  /** The output format, checked: {@code text}, {@code json} or {@code html}. */
  String format(CommandLine command) {
    if (!List.of("text", "json", "html").contains(output)) {
      throw new CommandLine.ParameterException(
          command, "-o: '" + output + "' is not text, json or html");
    }
    return output;
  }

  KafkaConnection.Flags kafkaFlags() {
    return kafka.flags();
  }

  /** The time an option gave, or a one-line usage error naming the option. */
  static Instant timeOption(CommandLine command, String option, String text, Instant now) {
    return time(command, option, text, now);
  }

  private static Instant time(CommandLine command, String option, String text, Instant now) {
    try {
      return TimePoint.parse(option, text, now);
    } catch (CommandLine.TypeConversionException e) {
      throw new CommandLine.ParameterException(command, e.getMessage());
    }
  }
}
