package io.cronlog.cli.status;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@link SystemStatus} for a person: one block per part, aligned, a line per member and partition.
 */
final class StatusText {

  private static final String INDENT = "             ";

  private StatusText() {}

  static void write(SystemStatus status, PrintWriter out) {
    out.printf(
        "cronlog on Kafka %s, topics %s*, at %s%n",
        status.kafka(), status.topicPrefix(), status.at().truncatedTo(ChronoUnit.SECONDS));
    out.println();
    watcher(status.watcher(), out);
    for (SystemStatus.Group group : status.groups()) {
      group(group, out);
    }
    commands(status.commands(), status.commandsWaiting(), out);
    runs(status.runs(), out);
    out.flush();
  }

  private static void watcher(SystemStatus.Watcher watcher, PrintWriter out) {
    if (watcher.problem() != null) {
      out.printf("%-12s %s: unknown, %s%n", "watcher", watcher.lease(), watcher.problem());
      return;
    }
    if (watcher.holder() == null || !Boolean.TRUE.equals(watcher.current())) {
      out.printf(
          "%-12s %s: NO WATCHER LEADS (last holder %s, renewed %s)%n",
          "watcher",
          watcher.lease(),
          watcher.holder() == null ? "none" : watcher.holder(),
          ago(watcher.sinceRenewal()));
      return;
    }
    out.printf(
        "%-12s %s: led by %s since %s, renewed %s (lease %d s, %d handovers)%n",
        "watcher",
        watcher.lease(),
        watcher.holder(),
        toSeconds(watcher.acquired()),
        ago(watcher.sinceRenewal()),
        watcher.leaseSeconds(),
        watcher.transitions() == null ? 0 : watcher.transitions());
  }

  private static void group(SystemStatus.Group group, PrintWriter out) {
    int count = group.members().size();
    out.printf(
        "%-12s %s: %s, %d member%s%n",
        group.role(), group.id(), group.state(), count, count == 1 ? "" : "s");
    for (SystemStatus.Member member : group.members()) {
      String owns =
          member.owns().isEmpty()
              ? "no partitions"
              : member.owns().stream()
                  .map(
                      o ->
                          o.topic()
                              + " "
                              + o.partitions().stream()
                                  .map(String::valueOf)
                                  .collect(Collectors.joining(",")))
                  .collect(Collectors.joining("; "));
      out.printf("%s%s  %s  %s%n", INDENT, member.clientId(), member.host(), owns);
    }
  }

  private static void commands(
      List<SystemStatus.PartitionLag> lags, long waiting, PrintWriter out) {
    out.printf("%-12s %9s %10s %10s %8s%n", "commands", "partition", "end", "committed", "waiting");
    for (SystemStatus.PartitionLag lag : lags) {
      out.printf(
          "%-12s %9d %10d %10s %8d%n",
          "",
          lag.partition(),
          lag.end(),
          lag.committed() == null ? "-" : lag.committed().toString(),
          lag.lag());
    }
    out.printf(
        "%s%d command%s waiting for an executor%n", INDENT, waiting, waiting == 1 ? "" : "s");
  }

  private static void runs(SystemStatus.Runs runs, PrintWriter out) {
    out.printf(
        "%-12s %d Job%s created since %s%n",
        "runs",
        runs.created(),
        runs.created() == 1 ? "" : "s",
        runs.since().truncatedTo(ChronoUnit.SECONDS));
    if (runs.last() != null) {
      out.printf(
          "%slast:  %s (%s), created %s%s%n",
          INDENT,
          runs.last().job(),
          runs.last().scheduledJob(),
          runs.last().created().truncatedTo(ChronoUnit.MILLIS),
          skew(runs.last()));
    }
    if (runs.worstSkew() != null) {
      out.printf(
          "%sworst: %s (%s)%s%n",
          INDENT, runs.worstSkew().job(), runs.worstSkew().scheduledJob(), skew(runs.worstSkew()));
    }
  }

  private static String skew(SystemStatus.Run run) {
    return run.skew() == null ? ", a manual run" : ", " + seconds(run.skew()) + " after its time";
  }

  private static Object toSeconds(Instant time) {
    return time == null ? "an unknown time" : time.truncatedTo(ChronoUnit.SECONDS);
  }

  private static String ago(Duration sinceRenewal) {
    return sinceRenewal == null ? "never" : seconds(sinceRenewal) + " ago";
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
