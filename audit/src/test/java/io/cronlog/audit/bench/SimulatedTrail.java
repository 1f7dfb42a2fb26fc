package io.cronlog.audit.bench;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.audit.sim.SimulatedCronlog;
import io.cronlog.records.Change;
import io.cronlog.records.JobObserved;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A trail of many ScheduledJobs over a span, made by {@link SimulatedCronlog} (the real decision
 * core, the executor's own status edits and Job builder, the watcher's fold) and handed over in
 * time order as it is made, so that a trail of a million records never sits in memory.
 *
 * <p>Unlike {@code Script}, which decides every step, time jumps from one instant where something
 * happens to the next: a due time, a Job finishing, a scripted edit, and one second after any of
 * those that wrote records, when the scheduler reacts to the state that changed. Besides its {@link
 * Shape}, unless {@link #withoutExtras()}, every 25th ScheduledJob is run by hand twice, every 40th
 * (of those every five minutes) has its schedule edited, and every 50th is suspended for an hour.
 */
final class SimulatedTrail {

  /** One ScheduledJob of the trail. */
  record Member(ScheduledJobKey key, Shape shape, int index) {}

  /**
   * Records the services write per run, all topics but the state, as measured on this simulation.
   */
  static final double RECORDS_PER_RUN = 16.5;

  private final Topics topics;
  private final List<Member> members;
  private final Instant start;
  private final Instant end;
  private final Map<ScheduledJobKey, Member> byKey = new HashMap<>();
  private final Map<ScheduledJobKey, Long> runs = new HashMap<>();
  private final TreeSet<Instant> agenda = new TreeSet<>();
  private final TreeMap<Instant, List<Runnable>> actions = new TreeMap<>();
  private final TreeMap<Instant, List<String>> finishing = new TreeMap<>();
  private final Map<String, Boolean> failing = new HashMap<>();
  private boolean extras = true;

  SimulatedTrail(Topics topics, List<Member> members, Instant start, Instant end) {
    this.topics = topics;
    this.members = members;
    this.start = start;
    this.end = end;
    members.forEach(m -> byKey.put(m.key(), m));
  }

  /** {@code count} ScheduledJobs in the proportions of {@link Shape#MIX}, over eight namespaces. */
  static List<Member> mix(int count) {
    return of(Shape.MIX, count);
  }

  /**
   * {@code count} ScheduledJobs, the i-th of shape {@code round[i % round.size()]}, over eight
   * namespaces.
   */
  static List<Member> of(List<Shape> round, int count) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(new Member(keyOf(i), round.get(i % round.size()), i));
    }
    return members;
  }

  /**
   * Enough ScheduledJobs of the mix for about {@code records} records from {@code from} to {@code
   * to}.
   */
  static List<Member> mixForRecords(long records, Instant from, Instant to) {
    double expected = 0;
    int count = 0;
    while (expected < records) {
      expected += runsBetween(Shape.MIX.get(count % Shape.MIX.size()), from, to) * RECORDS_PER_RUN;
      count++;
    }
    return mix(count);
  }

  /** How many times {@code shape}'s schedule is due after {@code from} and not after {@code to}. */
  static long runsBetween(Shape shape, Instant from, Instant to) {
    Schedule schedule = schedule(shape);
    long n = 0;
    for (Optional<Instant> t = schedule.next(from);
        t.isPresent() && !t.get().isAfter(to);
        t = schedule.next(t.get())) {
      n++;
    }
    return n;
  }

  private static ScheduledJobKey keyOf(int i) {
    // Names unique across namespaces: the simulated API keys its Jobs by name alone.
    return new ScheduledJobKey("team-" + (char) ('a' + i % 8), "job-" + String.format("%05d", i));
  }

  /** No manual runs, edits or suspensions: every ScheduledJob as its shape alone makes it. */
  SimulatedTrail withoutExtras() {
    extras = false;
    return this;
  }

  /**
   * Runs the simulation from start to end, giving {@code sink} every record in the order written.
   */
  void run(Consumer<SimulatedCronlog.Written> sink) {
    SimulatedCronlog sim = new SimulatedCronlog(topics, start);
    for (Member member : members) {
      sim.create(
          member.key().namespace(),
          member.key().name(),
          spec -> member.shape().applyTo(spec, member.key().name()));
      if (extras) {
        plan(sim, member);
      }
    }
    Map<String, Schedule> schedules = new HashMap<>();
    members.forEach(
        m ->
            schedules.putIfAbsent(
                m.shape().schedule() + "|" + m.shape().timeZone(), schedule(m.shape())));
    schedules
        .values()
        .forEach(
            schedule -> {
              for (Optional<Instant> t = schedule.next(start);
                  t.isPresent() && !t.get().isAfter(end);
                  t = schedule.next(t.get())) {
                agenda.add(t.get());
              }
            });
    agenda.add(start.plusSeconds(1));
    agenda.addAll(actions.keySet());
    drain(sim, sink, start);
    while (!agenda.isEmpty() && !agenda.first().isAfter(end)) {
      Instant t = agenda.pollFirst();
      sim.at(t);
      List<Runnable> due = actions.remove(t);
      if (due != null) {
        due.forEach(Runnable::run);
      }
      finish(sim, t);
      sim.decide();
      if (drain(sim, sink, t)) {
        agenda.add(t.plusSeconds(1));
      }
    }
  }

  /**
   * The scripted extras of {@code member}: manual runs, an edit of the schedule, an hour suspended.
   * Only under Allow: under Forbid a manual run, or the catch-up after a resume, makes the next due
   * time wait, and a late run is a finding, as it should be; this trail is to have none.
   */
  private void plan(SimulatedCronlog sim, Member member) {
    if (member.shape().policy() != ConcurrencyPolicy.Allow) {
      return;
    }
    String ns = member.key().namespace();
    String name = member.key().name();
    int i = member.index();
    if (i % 25 == 7) {
      at(
          start.plus(Duration.ofHours(6)).plusSeconds(17 + i % 40),
          () -> sim.annotate(ns, name, Runs.TRIGGER_ANNOTATION, "rerun-" + i + "-1"));
      at(
          start.plus(Duration.ofHours(18)).plusSeconds(29 + i % 40),
          () -> sim.annotate(ns, name, Runs.TRIGGER_ANNOTATION, "rerun-" + i + "-2"));
    }
    if (i % 40 == 11 && member.shape().schedule().equals("*/5 * * * *")) {
      // Never in the very second of a due time: whether that time was due under the old schedule or
      // not is a race, in Kubernetes too, and not what this trail is about.
      Instant edit = start.plus(Duration.ofHours(12)).plusSeconds(137);
      at(
          edit.getEpochSecond() % 60 == 0 ? edit.plusSeconds(7) : edit,
          () -> sim.edit(ns, name, spec -> spec.setSchedule("*/10 * * * *")));
      agenda.addAll(timesOf("*/10 * * * *", member.shape().timeZone()));
    }
    if (i % 50 == 13) {
      at(
          start.plus(Duration.ofHours(8)).plusSeconds(61),
          () -> sim.edit(ns, name, spec -> spec.setSuspend(true)));
      at(
          start.plus(Duration.ofHours(9)).plusSeconds(61),
          () -> sim.edit(ns, name, spec -> spec.setSuspend(false)));
    }
  }

  private void at(Instant t, Runnable action) {
    if (!t.isAfter(end)) {
      actions.computeIfAbsent(t, k -> new ArrayList<>()).add(action);
    }
  }

  private List<Instant> timesOf(String cron, String zone) {
    Schedule schedule = schedule(new Shape(cron, zone, null, null, null, 0, 0, null));
    List<Instant> times = new ArrayList<>();
    for (Optional<Instant> t = schedule.next(start);
        t.isPresent() && !t.get().isAfter(end);
        t = schedule.next(t.get())) {
      times.add(t.get());
    }
    return times;
  }

  /**
   * Finishes the Jobs whose time has come, as the dev API's Job completer does, unless they are
   * gone.
   */
  private void finish(SimulatedCronlog sim, Instant t) {
    while (!finishing.isEmpty() && !finishing.firstKey().isAfter(t)) {
      for (String name : finishing.pollFirstEntry().getValue()) {
        Job job = sim.jobs().get(name);
        boolean fails = Boolean.TRUE.equals(failing.remove(name));
        // A Job replaced, or deleted by hand, is not there to finish.
        if (job != null && job.getStatus() != null && job.getStatus().getConditions().isEmpty()) {
          sim.finishJob(name, !fails);
        }
      }
    }
  }

  /**
   * Hands the records written since the last call to {@code sink}; plans when each new Job
   * finishes.
   */
  private boolean drain(SimulatedCronlog sim, Consumer<SimulatedCronlog.Written> sink, Instant t) {
    List<SimulatedCronlog.Written> written = sim.trail();
    if (written.isEmpty()) {
      return false;
    }
    for (SimulatedCronlog.Written record : written) {
      if (record.record() instanceof JobObserved observed && observed.change() == Change.ADDED) {
        ScheduledJobKey key =
            new ScheduledJobKey(
                observed.object().getMetadata().getNamespace(), observed.scheduledJob());
        Member member = byKey.get(key);
        // Offset by the member's index, so that ScheduledJobs of one shape fail and run long at
        // different runs.
        long run = runs.merge(key, 1L, Long::sum) + member.index();
        String name = observed.object().getMetadata().getName();
        failing.put(name, member.shape().fails(run));
        Instant done = t.plus(member.shape().durationOf(run));
        finishing.computeIfAbsent(done, k -> new ArrayList<>()).add(name);
        agenda.add(done);
      }
      sink.accept(record);
    }
    written.clear();
    return true;
  }

  private static Schedule schedule(Shape shape) {
    try {
      return Schedule.parse(shape.schedule(), shape.timeZone());
    } catch (ScheduleException e) {
      throw new IllegalArgumentException(
          "a benchmark shape has a bad schedule: " + shape.schedule(), e);
    }
  }
}
