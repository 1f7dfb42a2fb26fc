package io.cronlog.cli.status;

import io.cronlog.api.Runs;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CreateJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs of a span, from the outcomes the executors wrote: what {@link SystemStatus.Runs} says.
 */
final class RecentRuns {

  private static final String CREATE_JOB = CreateJob.class.getSimpleName();

  private RecentRuns() {}

  /**
   * The runs of {@code outcomes} created from {@code since}: every {@code CREATED} outcome of a
   * {@code CreateJob}, which the executor writes once per Job it made, dated when the Job was made.
   */
  static SystemStatus.Runs of(List<CommandOutcome> outcomes, Instant since) {
    List<SystemStatus.Run> runs =
        outcomes.stream()
            .filter(
                o ->
                    o.result() == CommandOutcome.Result.CREATED
                        && CREATE_JOB.equals(o.commandType()))
            .filter(o -> o.jobName() != null && !o.time().isBefore(since))
            .map(RecentRuns::run)
            .toList();
    SystemStatus.Run last =
        runs.stream().max(Comparator.comparing(SystemStatus.Run::created)).orElse(null);
    SystemStatus.Run worstSkew =
        runs.stream()
            .filter(run -> run.skew() != null)
            .max(Comparator.comparing(SystemStatus.Run::skew))
            .orElse(null);
    return new SystemStatus.Runs(since, runs.size(), last, worstSkew);
  }

  private static SystemStatus.Run run(CommandOutcome outcome) {
    Instant scheduled = scheduledTime(outcome.target().name(), outcome.jobName()).orElse(null);
    Duration skew = scheduled == null ? null : Duration.between(scheduled, outcome.time());
    return new SystemStatus.Run(
        outcome.target().key().toString(), outcome.jobName(), scheduled, outcome.time(), skew);
  }

  /**
   * The scheduled time a scheduled run's Job name carries ({@code <name>-<minutes since the
   * epoch>}, {@link Runs#jobName}); empty for a manual run's name, which never has that form.
   */
  static Optional<Instant> scheduledTime(String scheduledJobName, String jobName) {
    String prefix = scheduledJobName + "-";
    if (!jobName.startsWith(prefix)) {
      return Optional.empty();
    }
    String minutes = jobName.substring(prefix.length());
    if (minutes.isEmpty()
        || minutes.length() > 12
        || !minutes.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    Instant scheduled = Instant.ofEpochSecond(Long.parseLong(minutes) * 60);
    return jobName.equals(Runs.jobName(scheduledJobName, scheduled))
        ? Optional.of(scheduled)
        : Optional.empty();
  }
}
