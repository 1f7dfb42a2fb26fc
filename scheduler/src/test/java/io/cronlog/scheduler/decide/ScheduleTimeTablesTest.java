package io.cronlog.scheduler.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RecordEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The controller's schedule-time tables from utils_test.go: {@code TestMostRecentScheduleTime},
 * {@code TestNextScheduleTime} (the cases of the older {@code getRecentUnmetScheduleTimes}) and
 * {@code TestNextScheduleTimeDuration}. The reference tests helpers; we test what they decide
 * through the Decider (which run starts, whether it warns, when it wakes), since our helpers'
 * shapes differ. {@code TestNextScheduleTimeDuration}'s "duration" is our {@code nextWake - now}
 * plus the reference's fixed 100 ms delta, which we do not add: the timer fires at the time.
 */
class ScheduleTimeTablesTest {

  static final Instant TOP = Instant.parse("2016-05-19T10:00:00Z"); // a Thursday

  static Instant after(Duration delta) {
    return TOP.plus(delta);
  }

  static Duration h(long hours) {
    return Duration.ofHours(hours);
  }

  static Duration m(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  /**
   * A row of TestMostRecentScheduleTime: the run that must start (null: none) and whether more than
   * 100 were missed.
   */
  record Recent(
      String name,
      String schedule,
      Instant created,
      Instant lastScheduled,
      Long deadline,
      Instant now,
      Instant run,
      boolean tooMany,
      String fix) {
    @Override
    public String toString() {
      return name + (fix == null ? "" : " [differs: " + fix + "]");
    }
  }

  static Stream<Recent> mostRecentScheduleTime() {
    return Stream.of(
        new Recent(
            "now before next schedule",
            "0 * * * *",
            TOP,
            null,
            null,
            TOP.plusSeconds(30),
            null,
            false,
            null),
        new Recent(
            "now just after next schedule",
            "0 * * * *",
            TOP,
            null,
            null,
            after(m(61)),
            after(m(60)),
            false,
            null),
        new Recent(
            "missed 5 schedules",
            "0 * * * *",
            TOP.plusSeconds(10),
            null,
            null,
            after(m(301)),
            after(m(300)),
            false,
            null),
        new Recent(
            "complex schedule",
            "30 6-16/4 * * 1-5",
            TOP,
            after(m(30)),
            null,
            after(h(24).plus(m(31))),
            after(h(24).plus(m(30))),
            false,
            null),
        // Thursday 10:30 to Friday 16:30 holds Friday 10:30, 11:30 and 12:30; the reference's
        // estimate from the gap between two fire times finds none.
        new Recent(
            "another complex schedule",
            "30 10,11,12 * * 1-5",
            TOP,
            after(m(30)),
            null,
            after(h(30).plus(m(30))),
            after(h(26).plus(m(30))),
            false,
            "1 exact most recent time"),
        new Recent(
            "complex schedule with longer diff between executions",
            "30 6-16/4 * * 1-5",
            TOP,
            after(m(30)),
            null,
            after(h(96).plus(m(31))),
            after(h(96).plus(m(30))),
            false,
            null),
        new Recent(
            "complex schedule with shorter diff between executions",
            "30 6-16/4 * * 1-5",
            TOP,
            null,
            null,
            after(h(24).plus(m(31))),
            after(h(24).plus(m(30))),
            false,
            null),
        // The reference's row sets a 10 s deadline but leaves it out of the window (includeSDS
        // false); a sync would apply it, so the row is ported without the deadline.
        new Recent(
            "@every schedule, deadline left out",
            "@every 1h",
            after(m(-59)),
            after(m(1)),
            null,
            after(h(7 * 24)),
            after(h(6 * 24 + 23).plus(m(1))),
            true,
            null),
        new Recent(
            "rogue cronjob",
            "59 23 31 2 *",
            TOP.plusSeconds(10),
            null,
            null,
            after(h(1)),
            null,
            false,
            null),
        new Recent(
            "earliestTime being CreationTimestamp and LastScheduleTime",
            "0 * * * *",
            TOP,
            TOP,
            null,
            TOP.plusSeconds(30),
            null,
            false,
            null),
        new Recent(
            "earliestTime being LastScheduleTime",
            "*/5 * * * *",
            TOP,
            after(m(30)),
            null,
            after(m(31)),
            null,
            false,
            null),
        new Recent(
            "earliestTime being LastScheduleTime (within StartingDeadlineSeconds)",
            "*/5 * * * *",
            TOP,
            after(m(30)),
            60L,
            after(m(31)),
            null,
            false,
            null),
        new Recent(
            "earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)",
            "*/5 * * * *",
            TOP,
            after(m(30)),
            60L,
            after(m(32)),
            null,
            false,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mostRecentScheduleTime")
  void startsTheMostRecentScheduledTimeInTheWindow(Recent row) {
    Decision decision = decide(row.schedule, row.created, row.lastScheduled, row.deadline, row.now);

    assertThat(decision.run().map(CreateJob::scheduledTime).orElse(null))
        .as("run")
        .isEqualTo(row.run);
    assertThat(warnings(decision).contains("TooManyMissedTimes"))
        .as("too many missed")
        .isEqualTo(row.tooMany);
  }

  /**
   * Cases of TestNextScheduleTime (the older getRecentUnmetScheduleTimes): hourly, T1 10:00, T2
   * 11:00.
   */
  record Next(
      String name,
      Instant created,
      Instant lastScheduled,
      Long deadline,
      Instant now,
      Instant run,
      List<String> warnings) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Next> nextScheduleTime() {
    Instant t1 = TOP;
    Instant t2 = TOP.plus(h(1));
    return Stream.of(
        new Next(
            "no known start times, and none needed yet",
            t1.minus(m(10)),
            null,
            null,
            t1.minus(m(7)),
            null,
            List.of()),
        new Next(
            "no known start times, and one needed",
            t1.minus(m(10)),
            null,
            null,
            t1.plusSeconds(2),
            t1,
            List.of()),
        new Next(
            "known lastScheduleTime, no start needed",
            t1.minus(m(10)),
            t1,
            null,
            t1.plus(m(2)),
            null,
            List.of()),
        new Next(
            "known lastScheduleTime, a start needed",
            t1.minus(m(10)),
            t1,
            null,
            t2.plus(m(5)),
            t2,
            List.of()),
        // The reference lists both T1 and T2 and starts the last; so do we.
        new Next(
            "known lastScheduleTime, two starts needed",
            t1.minus(h(2)),
            t1.minus(h(1)),
            null,
            t2.plus(m(5)),
            t2,
            List.of()),
        new Next(
            "now way ahead of the last start, no deadline",
            t1.minus(h(2)),
            t1.minus(h(1)),
            null,
            t2.plus(h(240)),
            t2.plus(h(240)),
            List.of("TooManyMissedTimes")),
        new Next(
            "now way ahead of the last start, short deadline",
            t1.minus(h(2)),
            t1.minus(h(1)),
            2L * 60 * 60,
            t2.plus(h(240)),
            t2.plus(h(240)),
            List.of()),
        new Next(
            "a schedule that never fires",
            t1.plusSeconds(10),
            null,
            null,
            t1.plus(h(1)),
            null,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nextScheduleTime")
  void findsTheUnmetScheduleTime(Next row) {
    String schedule = row.name.startsWith("a schedule that never") ? "59 23 31 2 *" : "0 * * * ?";

    Decision decision = decide(schedule, row.created, row.lastScheduled, row.deadline, row.now);

    assertThat(decision.run().map(CreateJob::scheduledTime).orElse(null))
        .as("run")
        .isEqualTo(row.run);
    assertThat(warnings(decision)).as("warnings").isEqualTo(row.warnings);
  }

  /** Rows of TestNextScheduleTimeDuration: how long until the next wake. */
  record Wake(
      String name, String schedule, Instant lastScheduled, Instant now, Duration untilWake) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Wake> nextScheduleTimeDuration() {
    return Stream.of(
        new Wake(
            "complex schedule skipping weekend",
            "30 6-16/4 * * 1-5",
            after(m(30)),
            after(h(24).plus(m(31))),
            h(3).plus(m(59))),
        new Wake(
            "another complex schedule skipping weekend",
            "30 10,11,12 * * 1-5",
            after(m(30)),
            after(h(30).plus(m(30))),
            h(66)),
        new Wake(
            "once a week cronjob, missed two runs",
            "0 12 * * 4",
            after(h(2)),
            after(h(19 * 24 + 1).plus(m(30))),
            h(48).plus(m(30))),
        new Wake("no previous run of a cronjob", "0 12 * * 5", null, after(h(6)), h(20)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nextScheduleTimeDuration")
  void wakesAtTheNextScheduledTime(Wake row) {
    Decision decision = decide(row.schedule, TOP, row.lastScheduled, null, row.now);

    assertThat(decision.nextWake().map(wake -> Duration.between(row.now, wake)))
        .contains(row.untilWake);
  }

  private static Decision decide(
      String schedule, Instant created, Instant lastScheduled, Long deadline, Instant now) {
    ScheduledJob sj = Fixtures.scheduledJob(schedule, created.toString());
    sj.getSpec().setStartingDeadlineSeconds(deadline);
    if (lastScheduled != null) {
      sj.getStatus().setLastScheduleTime(lastScheduled.toString());
    }
    return new Decider().decide(new Situation(sj, List.of(), null, Set.of(), now));
  }

  private static List<String> warnings(Decision decision) {
    return decision.commands().stream()
        .filter(RecordEvent.class::isInstance)
        .map(RecordEvent.class::cast)
        .filter(e -> e.eventType() == RecordEvent.EventType.Warning)
        .map(RecordEvent::reason)
        .toList();
  }
}
