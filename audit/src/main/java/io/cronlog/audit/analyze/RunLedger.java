package io.cronlog.audit.analyze;

import io.cronlog.api.Runs;
import io.cronlog.audit.history.CommandFacts;
import io.cronlog.audit.history.Incarnation;
import io.cronlog.audit.history.JobFacts;
import io.cronlog.audit.history.SpecObservation;
import io.cronlog.audit.history.TimeDecision;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeleteJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What became of every run of one ScheduledJob object in the span judged: each due time, each time
 * commanded although not due, and each manual run, from the commands, their outcomes, the Jobs the
 * API showed, and the Events that say why a time did not run.
 */
public final class RunLedger {

  /** The reason of a DeleteJob that makes way for a newer run (scheduler's RunPlanner). */
  private static final String REPLACE = "concurrencyPolicy Replace";

  private final String name;
  private final Incarnation incarnation;
  private final Judgement judgement;
  private final Map<Instant, List<JobFacts>> scheduledJobs = new LinkedHashMap<>();
  private final Map<String, List<JobFacts>> manualJobs = new LinkedHashMap<>();
  private final List<JobFacts> unattributed = new ArrayList<>();

  /** The decisions about each scheduled time, in the order they were made. */
  private final Map<Instant, List<TimeDecision>> decisionsAbout = new HashMap<>();

  /**
   * For each scheduled time decided about, the first decision (in the order made) about that time
   * or a later one: what the Kubernetes rule says looked first at a due time from there on.
   */
  private final TreeMap<Instant, TimeDecision> firstFrom = new TreeMap<>();

  private RunLedger(String name, Incarnation incarnation, Judgement judgement) {
    this.name = name;
    this.incarnation = incarnation;
    this.judgement = judgement;
    List<TimeDecision> decisions =
        incarnation.timeDecisions().stream()
            .sorted(Comparator.comparing(TimeDecision::decidedAt))
            .toList();
    TreeMap<Instant, TimeDecision> firstAbout = new TreeMap<>();
    for (TimeDecision decision : decisions) {
      decisionsAbout
          .computeIfAbsent(decision.scheduledTime(), k -> new ArrayList<>())
          .add(decision);
      firstAbout.putIfAbsent(decision.scheduledTime(), decision);
    }
    TimeDecision first = null;
    for (TimeDecision candidate : firstAbout.descendingMap().values()) {
      if (first == null || candidate.decidedAt().isBefore(first.decidedAt())) {
        first = candidate;
      }
      firstFrom.put(candidate.scheduledTime(), first);
    }
    attributeJobs();
  }

  /** The ledger of {@code incarnation} of the ScheduledJob {@code name}. */
  public static RunLedger of(String name, Incarnation incarnation, Judgement judgement) {
    return new RunLedger(name, incarnation, judgement);
  }

  /** Every run in the span, in order of scheduled (or requested) time. */
  public List<RunVerdict> verdicts() {
    DueTimes.Due dueTimes = DueTimes.of(incarnation, judgement.fromOrEpoch(), judgement.until());
    TreeSet<Instant> due = new TreeSet<>(dueTimes.times());
    // A time racing with a schedule edit is judged as due only when it ran: then it ran rightly.
    dueTimes.racing().stream()
        .filter(t -> incarnation.scheduledRuns().containsKey(t) || scheduledJobs.containsKey(t))
        .forEach(due::add);
    TreeSet<Instant> times = new TreeSet<>(due);
    incarnation.scheduledRuns().keySet().stream().filter(judgement::covers).forEach(times::add);
    scheduledJobs.keySet().stream().filter(judgement::covers).forEach(times::add);
    List<RunVerdict> verdicts = new ArrayList<>();
    for (Instant t : times) {
      verdicts.add(scheduled(t, due.contains(t)));
    }
    for (var manual : incarnation.manualRuns().entrySet()) {
      CreateJob first = (CreateJob) manual.getValue().get(0).command();
      if (first != null && judgement.covers(first.scheduledTime())) {
        verdicts.add(manual(manual.getKey(), first.scheduledTime(), manual.getValue()));
      }
    }
    verdicts.sort(Comparator.comparing(RunVerdict::scheduledTime));
    return verdicts;
  }

  /** The Jobs of this object that are no run's: no command asked for them. */
  public List<JobFacts> unexplainedJobs() {
    List<JobFacts> jobs = new ArrayList<>(unattributed);
    Set<String> namedByOutcomes = namedByOutcomes();
    scheduledJobs.forEach(
        (t, list) -> {
          if (!incarnation.scheduledRuns().containsKey(t)) {
            list.stream().filter(job -> !namedByOutcomes.contains(job.name())).forEach(jobs::add);
          }
        });
    manualJobs.forEach(
        (trigger, list) -> {
          if (!incarnation.manualRuns().containsKey(trigger)) {
            jobs.addAll(list);
          }
        });
    return jobs.stream()
        .filter(job -> job.created() == null || judgement.covers(job.created()))
        .toList();
  }

  private RunVerdict scheduled(Instant t, boolean due) {
    List<CommandFacts> commands = incarnation.scheduledRuns().getOrDefault(t, List.of());
    List<JobFacts> jobs = scheduledJobs.getOrDefault(t, List.of());
    List<RecordRef> proof = proof(commands, jobs);
    String reason =
        commands.stream()
            .map(CommandFacts::command)
            .filter(CreateJob.class::isInstance)
            .map(c -> ((CreateJob) c).reason().text())
            .findFirst()
            .orElse(null);
    int created = created(commands);
    Fate fate;
    String detail = null;
    Optional<Fate> ran = ran(commands, jobs);
    boolean ranItself = !jobs.isEmpty() || ran.filter(f -> f != Fate.ALREADY_DONE).isPresent();
    Optional<String> supersededLate =
        ranItself
            ? Optional.empty()
            : supersededByExecutor(t).or(() -> startedAfterALaterRun(t, commands));
    if (supersededLate.isPresent()) {
      // "Already started" for a time with no Job of its own: a later run started in its place.
      fate = Fate.SUPERSEDED;
      detail = supersededLate.get();
    } else if (ran.isPresent()) {
      fate = ran.get();
    } else if (!commands.isEmpty()) {
      CommandFacts command = commands.get(commands.size() - 1);
      CommandOutcome last = command.finalOutcome();
      fate =
          last == null
              ? (t.isAfter(judgement.pendingAfter()) ? Fate.PENDING : Fate.NO_OUTCOME)
              : unsuccessful(last);
      detail = last == null ? null : last.detail();
    } else {
      List<TimeDecision> aboutT = decisionsAbout.getOrDefault(t, List.of());
      Optional<TimeDecision> about = aboutT.stream().findFirst();
      Map.Entry<Instant, TimeDecision> from = firstFrom.ceilingEntry(t);
      Optional<TimeDecision> later = from == null ? Optional.empty() : Optional.of(from.getValue());
      if (about.isPresent()) {
        boolean missed = aboutT.stream().anyMatch(d -> d.what().equals("MissSchedule"));
        boolean forbidden = aboutT.stream().anyMatch(d -> d.what().equals("JobAlreadyActive"));
        fate = missed ? Fate.MISSED_DEADLINE : Fate.SKIPPED_FORBID;
        detail =
            missed && forbidden
                ? "skipped by Forbid while a run was active, then past its deadline"
                : null;
      } else if (later.isPresent() && supersedes(later.get(), t)) {
        fate = Fate.SUPERSEDED;
        TimeDecision by = later.get();
        detail =
            "nothing was decided for it; the first decision after it, at "
                + by.decidedAt()
                + ", "
                + (by.what().equals("CreateJob")
                    ? "started the run for "
                    : "was " + by.what() + " for ")
                + by.scheduledTime();
        proof.add(later.get().ref());
      } else {
        fate = t.isAfter(judgement.pendingAfter()) ? Fate.PENDING : Fate.MISSED;
      }
    }
    if (fate == Fate.SKIPPED_FORBID || fate == Fate.MISSED_DEADLINE || fate.ran()) {
      decisionsAbout.getOrDefault(t, List.of()).stream()
          .filter(d -> !d.what().equals("CreateJob"))
          .map(TimeDecision::ref)
          .filter(ref -> !proof.contains(ref))
          .forEach(proof::add);
    }
    if (fate.ran()
        && detail == null
        && decisionsAbout.getOrDefault(t, List.of()).stream()
            .anyMatch(d -> d.what().equals("JobAlreadyActive"))) {
      detail = "waited for a run under Forbid";
    }
    if (fate.ran() && detail == null) {
      detail = deliveries(commands);
    }
    String replaced = replaced(jobs, proof);
    if (replaced != null) {
      detail = detail == null ? replaced : detail + "; " + replaced;
    }
    return new RunVerdict(
        t, null, due, fate, reason, detail, jobs, lateness(t, commands, jobs), created, proof);
  }

  private RunVerdict manual(String trigger, Instant requestedAt, List<CommandFacts> commands) {
    List<JobFacts> jobs = manualJobs.getOrDefault(trigger, List.of());
    List<RecordRef> proof = proof(commands, jobs);
    int created = created(commands);
    Optional<Fate> ran = ran(commands, jobs);
    CommandOutcome last = commands.get(commands.size() - 1).finalOutcome();
    Fate fate =
        ran.orElseGet(
            () ->
                last == null
                    ? (requestedAt.isAfter(judgement.pendingAfter())
                        ? Fate.PENDING
                        : Fate.NO_OUTCOME)
                    : unsuccessful(last));
    String detail = ran.isPresent() || last == null ? null : last.detail();
    return new RunVerdict(
        requestedAt,
        trigger,
        false,
        fate,
        "manual",
        detail,
        jobs,
        lateness(requestedAt, commands, jobs),
        created,
        proof);
  }

  /**
   * When a Job of the run was deleted by a newer run under Replace, when; its DeleteJob joins the
   * proof. Else null.
   */
  private String replaced(List<JobFacts> jobs, List<RecordRef> proof) {
    for (JobFacts job : jobs) {
      Optional<CommandFacts> command = incarnation.deleteOf(job.uid());
      if (command.isPresent()
          && command.get().command() instanceof DeleteJob delete
          && REPLACE.equals(delete.reason())) {
        proof.addAll(command.get().refs());
        Instant at = job.deleted() != null ? job.deleted() : delete.time();
        return "replaced at " + at + " by a newer run (concurrencyPolicy Replace)";
      }
    }
    return null;
  }

  /**
   * The records of a run: its commands, each outcome, and where each of its Jobs was first seen.
   */
  private static List<RecordRef> proof(List<CommandFacts> commands, List<JobFacts> jobs) {
    List<RecordRef> proof = new ArrayList<>();
    commands.forEach(
        c -> {
          proof.addAll(c.refs());
          proof.addAll(c.outcomeRefs());
        });
    jobs.forEach(job -> proof.add(job.firstSeen()));
    return proof;
  }

  /** How many times the executor created the run's Job: more than once is a duplicate. */
  private static int created(List<CommandFacts> commands) {
    return (int) commands.stream().mapToLong(c -> c.count(Result.CREATED)).sum();
  }

  /** When a run's command was carried out more than once, what each time came to; else null. */
  private static String deliveries(List<CommandFacts> commands) {
    List<String> results =
        commands.stream()
            .flatMap(c -> c.outcomes().stream())
            .map(o -> o.result().name().toLowerCase().replace('_', ' '))
            .toList();
    return results.size() < 2
        ? null
        : "carried out " + results.size() + " times: " + String.join(", ", results);
  }

  /** Whether the run started: a Job is seen, or the executor created, adopted or found it done. */
  private static Optional<Fate> ran(List<CommandFacts> commands, List<JobFacts> jobs) {
    if (commands.stream().anyMatch(c -> c.count(Result.CREATED) > 0)) {
      return Optional.of(Fate.CREATED);
    }
    if (commands.stream().anyMatch(c -> c.count(Result.ADOPTED) > 0)) {
      return Optional.of(Fate.ADOPTED);
    }
    if (!jobs.isEmpty()) {
      return Optional.of(Fate.CREATED);
    }
    if (commands.stream().anyMatch(c -> c.count(Result.ALREADY_DONE) > 0)) {
      return Optional.of(Fate.ALREADY_DONE);
    }
    return Optional.empty();
  }

  private Fate unsuccessful(CommandOutcome last) {
    switch (last.result()) {
      case FAILED:
        return Fate.FAILED;
      case SUPERSEDED:
        // The executor found a later time due when it acted, and started that one instead.
        return Fate.SUPERSEDED;
      case MISSED:
        // The executor found the run past its deadline when it acted, and reported MissSchedule.
        return Fate.MISSED_DEADLINE;
      case SKIPPED:
        // The executor found another run running on the live Jobs under Forbid.
        return Fate.SKIPPED_FORBID;
      default:
        return deletedBy(last.time()) ? Fate.MOOT : Fate.REFUSED;
    }
  }

  /**
   * Whether the executor, acting late on the command for a time at or before {@code t}, started a
   * run for a time after {@code t} instead (an outcome naming that run's Job: {@code SUPERSEDED},
   * or a failure once the Job was made): then {@code t} was superseded, as the Kubernetes rule runs
   * only the most recent due time. Says how, or empty.
   */
  private Optional<String> supersededByExecutor(Instant t) {
    for (var run : incarnation.scheduledRuns().entrySet()) {
      if (run.getKey().isAfter(t)) {
        continue;
      }
      for (CommandFacts command : run.getValue()) {
        for (CommandOutcome outcome : command.outcomes()) {
          Instant started = outcome.jobName() == null ? null : timeOfJob(outcome.jobName());
          if (started != null && started.isAfter(t)) {
            return Optional.of(
                "superseded: acting at "
                    + outcome.time()
                    + " on the command for "
                    + run.getKey()
                    + ", the executor started the run at "
                    + started
                    + ", the most recent due time");
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the command for {@code t}, which has no Job of its own, found the run "already started"
   * only because a run for a later time had started first (the executor compares {@code
   * lastScheduleTime}): {@code t} was then superseded, as the Kubernetes rule never starts an older
   * due time after a newer one. A command held up behind others of its ScheduledJob (API failures,
   * a run waiting for a clock) meets this. Says how, or empty.
   */
  private Optional<String> startedAfterALaterRun(Instant t, List<CommandFacts> commands) {
    Optional<Instant> foundDone =
        commands.stream()
            .flatMap(c -> c.outcomes().stream())
            .filter(o -> o.result() == Result.ALREADY_DONE)
            .map(CommandOutcome::time)
            .min(Comparator.naturalOrder());
    if (foundDone.isEmpty()) {
      return Optional.empty();
    }
    for (var later : new TreeMap<>(scheduledJobs).tailMap(t, false).entrySet()) {
      Optional<Instant> created =
          later.getValue().stream()
              .map(JobFacts::created)
              .filter(c -> c != null)
              .filter(c -> !c.isAfter(foundDone.get()))
              .min(Comparator.naturalOrder());
      if (created.isPresent()) {
        return Optional.of(
            "superseded: the run at "
                + later.getKey()
                + " had started (its Job created at "
                + created.get()
                + ") when the command for "
                + t
                + " was acted on, at "
                + foundDone.get());
      }
    }
    return Optional.empty();
  }

  /**
   * The scheduled time of the run whose Job is named {@code jobName}, when the trail shows that
   * Job.
   */
  private Instant timeOfJob(String jobName) {
    for (var entry : scheduledJobs.entrySet()) {
      if (entry.getValue().stream().anyMatch(job -> job.name().equals(jobName))) {
        return entry.getKey();
      }
    }
    return null;
  }

  /**
   * The Jobs an outcome of a scheduled run's command names. Such a Job at a time with no command of
   * its own is one the executor started in place of the command's time: named by {@code
   * SUPERSEDED}, or by a failure after the later run's Job was made (its status could not be
   * written). Its run was asked for, by the command it superseded.
   */
  private Set<String> namedByOutcomes() {
    Set<String> names = new HashSet<>();
    incarnation
        .scheduledRuns()
        .values()
        .forEach(
            commands ->
                commands.forEach(
                    command ->
                        command.outcomes().stream()
                            .filter(o -> o.jobName() != null)
                            .forEach(o -> names.add(o.jobName()))));
    return names;
  }

  /** Whether the object was deleted, or its deletion asked for, at or before {@code time}. */
  boolean deletedBy(Instant time) {
    if (incarnation.deleted() != null && !incarnation.deleted().isAfter(time)) {
      return true;
    }
    return incarnation.specs().stream()
        .anyMatch(s -> s.spec().deleting() && !s.time().isAfter(time));
  }

  /**
   * Whether the first decision that considered a time at or after {@code t}, considering a later
   * one, superseded {@code t}: only the most recent due time is considered, and a run records the
   * instant after which it supersedes due times ({@code supersedesAfter}).
   */
  private static boolean supersedes(TimeDecision decision, Instant t) {
    return decision.scheduledTime().isAfter(t)
        && (decision.supersedesAfter() == null || decision.supersedesAfter().isBefore(t));
  }

  private static Duration lateness(Instant t, List<CommandFacts> commands, List<JobFacts> jobs) {
    Instant created =
        jobs.stream()
            .map(JobFacts::created)
            .filter(c -> c != null)
            .min(Comparator.naturalOrder())
            .orElseGet(
                () ->
                    commands.stream()
                        .flatMap(c -> c.outcomes().stream())
                        .filter(o -> o.result() == Result.CREATED || o.result() == Result.ADOPTED)
                        .map(CommandOutcome::time)
                        .min(Comparator.naturalOrder())
                        .orElse(null));
    return created == null ? null : Duration.between(t, created);
  }

  /** Sorts the Jobs into runs by the names cronlog gives them; the rest are no run's. */
  private void attributeJobs() {
    for (JobFacts job : incarnation.jobs().values()) {
      if (job.trigger() != null) {
        manualJobs.computeIfAbsent(job.trigger(), k -> new ArrayList<>()).add(job);
        continue;
      }
      Instant t = job.scheduledAt();
      if (t != null && job.name().equals(Runs.jobName(name, t))) {
        scheduledJobs.computeIfAbsent(t, k -> new ArrayList<>()).add(job);
      } else {
        unattributed.add(job);
      }
    }
  }

  /** The spec in effect at {@code t}, for the words of a verdict. */
  SpecObservation specAt(Instant t) {
    return incarnation.specAt(t);
  }
}
