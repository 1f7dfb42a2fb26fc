package io.cronlog.faults.scenario;

import io.cronlog.devkube.ApiFaults;
import io.cronlog.devkube.ApiFaults.Kind;
import io.cronlog.runtime.service.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The fault drills of issue 12, by name. Each takes the suite's {@code window} (the shortest
 * window, in minutes) and its seeded random, from which the "random point mid-burst" of each kill
 * is drawn: so one seed replays one run's timing.
 */
public final class Scenarios {

  /**
   * Where a kill lands: in the first seconds after the minute, while the burst of Jobs is being
   * created.
   */
  private static final int BURST_MILLIS = 5_000;

  private static final Duration RESTART_AFTER = Duration.ofSeconds(5);

  /**
   * What the API faults hit: the services' writes and reads, not the completer's Job status nor
   * lists.
   */
  private static final Set<String> FAULTED_VERBS =
      Set.of("get", "create", "update", "patch", "delete");

  private static final Set<String> FAULTED_RESOURCES =
      Set.of("jobs", "scheduledjobs", "scheduledjobs/status", "events", "leases");

  /**
   * The short form CI runs, in order: three one-minute windows. The kill goes last because its
   * steps end first, and the suite does not wait out the last window once its steps are done.
   * Scaling is left to the full suite: its rebalances are what a kill causes too.
   */
  public static final List<String> SHORT_FORM =
      List.of("api-faults", "broker-30s", "kill-executor");

  private static final Map<String, BiFunction<Duration, Random, Scenario>> CATALOG =
      new LinkedHashMap<>();

  static {
    CATALOG.put("kill-executor", (window, random) -> kill(Service.EXECUTOR, window, random));
    CATALOG.put("kill-scheduler", (window, random) -> kill(Service.SCHEDULER, window, random));
    CATALOG.put("kill-watcher", (window, random) -> kill(Service.WATCHER, window, random));
    CATALOG.put("scale-executors", Scenarios::scaleExecutors);
    CATALOG.put("broker-30s", (window, random) -> brokerOutage(Duration.ofSeconds(30), window));
    CATALOG.put("broker-3m", (window, random) -> brokerOutage(Duration.ofMinutes(3), window));
    CATALOG.put("executor-down-10m", Scenarios::executorDown);
    CATALOG.put("api-faults", (window, random) -> apiFaults(window, random));
    CATALOG.put("clock-skew", Scenarios::clockSkew);
    CATALOG.put("all-together", Scenarios::allTogether);
  }

  private Scenarios() {}

  /** Every scenario's name, in the order {@code all} runs them. */
  public static List<String> names() {
    return List.copyOf(CATALOG.keySet());
  }

  /**
   * The scenarios named (comma-separated; {@code all}, {@code short}), built with {@code window}
   * and {@code random}.
   */
  public static List<Scenario> named(String names, Duration window, Random random) {
    List<String> chosen =
        switch (names.trim()) {
          case "all" -> names();
          case "short" -> SHORT_FORM;
          default ->
              Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        };
    List<Scenario> scenarios = new ArrayList<>();
    for (String name : chosen) {
      BiFunction<Duration, Random, Scenario> make = CATALOG.get(name);
      if (make == null) {
        throw new IllegalArgumentException(
            "no scenario '"
                + name
                + "'; there are: all, short, "
                + CATALOG.keySet().stream().collect(Collectors.joining(", ")));
      }
      scenarios.add(make.apply(window, random));
    }
    return scenarios;
  }

  static Scenario kill(Service service, Duration window, Random random) {
    Duration at = midBurst(random);
    return new Scenario(
        "kill-" + service.text(),
        window,
        List.of(
            new Step(at, "kill -9 " + service.text(), cluster -> cluster.kill(service)),
            new Step(
                at.plus(RESTART_AFTER),
                "restart " + service.text(),
                cluster -> cluster.restart(service))));
  }

  static Scenario scaleExecutors(Duration window, Random random) {
    // Up during one burst; down during the last burst of a longer window, or half a minute later
    // in a one-minute window (the short form), so both rebalances move partitions under load.
    Duration down =
        window.compareTo(Duration.ofMinutes(2)) >= 0
            ? window.minusMinutes(1).plus(midBurst(random))
            : Duration.ofSeconds(30);
    return new Scenario(
        "scale-executors",
        window,
        List.of(
            new Step(
                midBurst(random),
                "executors 1 -> 3",
                cluster -> cluster.scale(Service.EXECUTOR, 3)),
            new Step(down, "executors 3 -> 1", cluster -> cluster.scale(Service.EXECUTOR, 1))));
  }

  static Scenario brokerOutage(Duration outage, Duration window) {
    // Half a minute after the broker is back, for the backlog; then the window's next whole minute.
    Duration length = atLeast(window, roundUp(outage.plusSeconds(30)));
    String name =
        "broker-" + (outage.toSeconds() < 60 ? outage.toSeconds() + "s" : outage.toMinutes() + "m");
    return new Scenario(
        name,
        length,
        List.of(
            new Step(
                Duration.ofSeconds(2),
                "broker stopped for " + outage,
                cluster -> cluster.brokerOutage(outage))));
  }

  static Scenario executorDown(Duration window, Random random) {
    Duration outage = Duration.ofMinutes(10);
    Duration at = midBurst(random);
    return new Scenario(
        "executor-down-10m",
        atLeast(window, roundUp(outage.plusSeconds(90))),
        List.of(
            new Step(at, "executor stopped", cluster -> cluster.stop(Service.EXECUTOR)),
            new Step(
                at.plus(outage),
                "executor started",
                cluster -> cluster.restart(Service.EXECUTOR))));
  }

  static Scenario apiFaults(Duration window, Random random) {
    long seed = random.nextLong();
    List<ApiFaults.Rule> rules =
        List.of(
            new ApiFaults.Rule(FAULTED_VERBS, FAULTED_RESOURCES, 0.05, Kind.TOO_MANY_REQUESTS),
            new ApiFaults.Rule(FAULTED_VERBS, FAULTED_RESOURCES, 0.05, Kind.SERVER_ERROR),
            new ApiFaults.Rule(FAULTED_VERBS, FAULTED_RESOURCES, 0.05, Kind.CONFLICT),
            new ApiFaults.Rule(FAULTED_VERBS, FAULTED_RESOURCES, 0.05, Kind.SLOW));
    Duration end = window.minusSeconds(10);
    return new Scenario(
        "api-faults",
        window,
        List.of(
            new Step(
                Duration.ZERO,
                "API: 429, 500, 409, slow to 5% of calls each",
                cluster -> cluster.api().faults().set(seed, rules)),
            new Step(
                Duration.ofSeconds(3),
                "API: every watch ended with 410",
                cluster -> cluster.api().expireWatches()),
            new Step(
                Duration.ofSeconds(30),
                "API: every watch ended with 410",
                cluster -> cluster.api().expireWatches()),
            new Step(end, "API faults off", cluster -> cluster.api().faults().clear())));
  }

  static Scenario clockSkew(Duration window, Random random) {
    // The scheduler ahead of the executor by more than CRONLOG_MAX_CLOCK_SKEW (1 min by default):
    // the case the issue says loses runs. Back to the machine's clock before the window closes.
    Duration length = atLeast(window, Duration.ofMinutes(3));
    return new Scenario(
        "clock-skew",
        length,
        List.of(
            new Step(
                Duration.ofSeconds(1),
                "scheduler clock 2 min ahead",
                cluster -> cluster.clockOffset(Service.SCHEDULER, Duration.ofMinutes(2))),
            new Step(
                length.minusSeconds(15),
                "scheduler clock back to the machine's",
                cluster -> cluster.clockOffset(Service.SCHEDULER, Duration.ZERO))));
  }

  /**
   * The short faults at once, each at its own point: kills of all three, scaling, a broker outage,
   * API faults, skew.
   */
  static Scenario allTogether(Duration window, Random random) {
    Duration length = atLeast(window, Duration.ofMinutes(4));
    List<Step> steps = new ArrayList<>();
    steps.addAll(apiFaults(length, random).steps());
    for (Service service : Service.values()) {
      Duration at = Duration.ofMinutes(random.nextInt(2)).plus(midBurst(random));
      steps.add(new Step(at, "kill -9 " + service.text(), cluster -> cluster.kill(service)));
      steps.add(
          new Step(
              at.plus(RESTART_AFTER),
              "restart " + service.text(),
              cluster -> cluster.restart(service)));
    }
    steps.add(
        new Step(
            Duration.ofMinutes(1).plus(midBurst(random)),
            "executors -> 3",
            cluster -> cluster.scale(Service.EXECUTOR, 3)));
    steps.add(
        new Step(
            Duration.ofMinutes(2).plusSeconds(2),
            "broker stopped for 30s",
            cluster -> cluster.brokerOutage(Duration.ofSeconds(30))));
    steps.add(
        new Step(
            Duration.ofMinutes(2).plus(midBurst(random)),
            "scheduler clock 2 min ahead",
            cluster -> cluster.clockOffset(Service.SCHEDULER, Duration.ofMinutes(2))));
    steps.add(
        new Step(
            Duration.ofMinutes(3).plus(midBurst(random)),
            "executors -> 1, scheduler clock back",
            cluster -> {
              cluster.scale(Service.EXECUTOR, 1);
              cluster.clockOffset(Service.SCHEDULER, Duration.ZERO);
            }));
    return new Scenario("all-together", length, steps);
  }

  private static Duration midBurst(Random random) {
    return Duration.ofMillis(500 + random.nextInt(BURST_MILLIS - 500));
  }

  private static Duration atLeast(Duration window, Duration length) {
    return window.compareTo(length) >= 0 ? window : length;
  }

  private static Duration roundUp(Duration length) {
    long minutes = (length.toSeconds() + 59) / 60;
    return Duration.ofMinutes(minutes);
  }
}
