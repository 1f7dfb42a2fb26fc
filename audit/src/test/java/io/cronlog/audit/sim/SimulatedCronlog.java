package io.cronlog.audit.sim;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.executor.act.RunJobs;
import io.cronlog.executor.act.StatusEdits;
import io.cronlog.records.Change;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandOutcome.Result;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobObserved;
import io.cronlog.records.KubeTimes;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.RecordIds;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.UpdateStatus;
import io.cronlog.records.rules.Concurrency;
import io.cronlog.records.rules.FireTimes;
import io.cronlog.records.rules.StartingDeadline;
import io.cronlog.records.state.EventFold;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.schedule.Schedule;
import io.cronlog.schedule.ScheduleException;
import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.decide.Situation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * cronlog in miniature, for scripted histories: a Kubernetes API holding one namespace's
 * ScheduledJobs and Jobs, a watcher that turns each change into the event it publishes, a scheduler
 * that runs the real decision core on the state folded from those events, and an executor that
 * carries out commands with the executor's own status edits and Job builder. Time moves only when
 * the script says; every record carries the scripted time, so a trail of days is written in
 * milliseconds. What it writes goes to {@link #trail()}.
 */
public final class SimulatedCronlog {

  /** One record as a service would write it; a null record is a tombstone on the state topic. */
  public record Written(String topic, String key, CronlogRecord record) {}

  private static final KubernetesSerialization COPIER = new KubernetesSerialization();

  private final Topics topics;
  private final Decider decider = new Decider();
  private final EventFold fold = new EventFold();
  private final List<Written> trail = new ArrayList<>();
  private final Map<ScheduledJobKey, ScheduledJob> scheduledJobs = new LinkedHashMap<>();
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<ScheduledJobKey, ScheduledJobState> states = new HashMap<>();

  /**
   * What the scheduler published per key, and the runs it started that the state does not show yet.
   */
  private final Map<ScheduledJobKey, Set<String>> published = new HashMap<>();

  private final Map<ScheduledJobKey, Map<Instant, Instant>> pending = new HashMap<>();
  private final List<CommandRecord> queued = new ArrayList<>();
  private long resourceVersion = 100;
  private int uids;
  private int scheduledJobCount;
  private Instant now;
  private boolean schedulerUp = true;
  private boolean executorUp = true;

  public SimulatedCronlog(Topics topics, Instant start) {
    this.topics = topics;
    this.now = start;
  }

  public List<Written> trail() {
    return trail;
  }

  public Instant now() {
    return now;
  }

  /**
   * Moves the clock to {@code t}; what the scheduler and executor do at that moment is up to the
   * script.
   */
  public SimulatedCronlog at(Instant t) {
    if (t.isBefore(now)) {
      throw new IllegalArgumentException("time runs forward: " + t + " is before " + now);
    }
    now = t;
    return this;
  }

  /** Applies a new ScheduledJob, as {@code kubectl apply} would. */
  public ScheduledJob create(String namespace, String name, Consumer<ScheduledJobSpec> spec) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid("uid-" + name + "-" + (++scheduledJobCount))
            .withGeneration(1L)
            .withCreationTimestamp(KubeTimes.format(now))
            .build());
    ScheduledJobSpec s = new ScheduledJobSpec();
    s.setConcurrencyPolicy(ConcurrencyPolicy.Allow);
    s.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1.36")
            .endContainer()
            .withRestartPolicy("Never")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    spec.accept(s);
    sj.setSpec(s);
    sj.setStatus(new ScheduledJobStatus());
    store(sj, Change.ADDED);
    return sj;
  }

  /** Edits the spec (generation moves), as {@code kubectl apply} of a changed manifest would. */
  public void edit(String namespace, String name, Consumer<ScheduledJobSpec> edit) {
    ScheduledJob sj = copy(scheduledJobs.get(new ScheduledJobKey(namespace, name)));
    edit.accept(sj.getSpec());
    sj.getMetadata().setGeneration(sj.getMetadata().getGeneration() + 1);
    store(sj, Change.MODIFIED);
  }

  /** Sets an annotation, as {@code kubectl annotate} would (no new generation). */
  public void annotate(String namespace, String name, String annotation, String value) {
    ScheduledJob sj = copy(scheduledJobs.get(new ScheduledJobKey(namespace, name)));
    Map<String, String> annotations =
        new LinkedHashMap<>(
            sj.getMetadata().getAnnotations() == null
                ? Map.of()
                : sj.getMetadata().getAnnotations());
    annotations.put(annotation, value);
    sj.getMetadata().setAnnotations(annotations);
    store(sj, Change.MODIFIED);
  }

  /** Deletes the ScheduledJob (its Jobs stay: the dev API runs no garbage collection). */
  public void delete(String namespace, String name) {
    ScheduledJob sj = scheduledJobs.remove(new ScheduledJobKey(namespace, name));
    sj = copy(sj);
    sj.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    watch(
        new ScheduledJobObserved(
            CronlogRecord.SCHEMA_VERSION,
            observedId(
                sj.getMetadata().getUid(), sj.getMetadata().getResourceVersion(), Change.DELETED),
            now,
            Change.DELETED,
            sj.getMetadata().getResourceVersion(),
            sj),
        ScheduledJobKey.of(sj));
  }

  public void schedulerUp(boolean up) {
    schedulerUp = up;
  }

  public void executorUp(boolean up) {
    executorUp = up;
  }

  /**
   * The scheduler decides for every ScheduledJob now (a timer, a state change, the safety check).
   */
  public void decide() {
    if (!schedulerUp) {
      return;
    }
    for (ScheduledJobKey key : List.copyOf(states.keySet())) {
      ScheduledJobState state = states.get(key);
      Map<Instant, Instant> started = pending.computeIfAbsent(key, k -> new LinkedHashMap<>());
      Instant last =
          KubeTimes.parseOrNull(
              state.scheduledJob().getStatus() == null
                  ? null
                  : state.scheduledJob().getStatus().getLastScheduleTime());
      started.keySet().removeIf(t -> last != null && !t.isAfter(last));
      started.values().removeIf(at -> at.plusSeconds(300).isBefore(now));
      List<CommandRecord> commands =
          decider
              .decide(
                  new Situation(
                      state.scheduledJob(),
                      state.jobs(),
                      state.scheduleSince(),
                      started.keySet(),
                      now,
                      state.id()))
              .commands();
      Set<String> sent = published.computeIfAbsent(key, k -> new HashSet<>());
      for (CommandRecord command : commands) {
        if (sent.add(command.id())) {
          publishCommand(command);
          if (command instanceof CreateJob run && !run.manual()) {
            started.put(run.scheduledTime(), now);
          }
        }
      }
    }
    execute();
  }

  /**
   * Puts a command on the topic as the scheduler would (or as anyone who can write the topic
   * could).
   */
  public void publishCommand(CommandRecord command) {
    trail.add(new Written(topics.commands(), command.target().key().toString(), command));
    queued.add(command);
  }

  /** The executor carries out every command queued, in order, if it runs. */
  public void execute() {
    if (!executorUp) {
      return;
    }
    while (!queued.isEmpty()) {
      act(queued.remove(0), 1);
    }
  }

  /** The executor acts on {@code command} once more (a redelivery after a rebalance). */
  public void redeliver(CommandRecord command) {
    trail.add(new Written(topics.commands(), command.target().key().toString(), command));
    act(command, 1);
  }

  /** The Job named {@code name} finishes now. */
  public void finishJob(String name, boolean succeeded) {
    Job job = copy(jobs.get(name));
    job.getStatus()
        .getConditions()
        .add(
            new JobConditionBuilder()
                .withType(succeeded ? "Complete" : "Failed")
                .withStatus("True")
                .build());
    if (succeeded) {
      job.getStatus().setCompletionTime(KubeTimes.format(now));
      job.getStatus().setSucceeded(1);
    } else {
      job.getStatus().setFailed(1);
    }
    job.getStatus().setActive(null);
    storeJob(job, Change.MODIFIED);
  }

  /** Deletes a Job, as {@code kubectl delete job} would. */
  public void deleteJob(String name) {
    Job job = copy(jobs.remove(name));
    job.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    watchJob(job, Change.DELETED);
  }

  /** Creates a Job by hand under the ScheduledJob, as someone with {@code kubectl} could. */
  public Job createJobByHand(String namespace, String scheduledJob, String name) {
    ScheduledJob owner = scheduledJobs.get(new ScheduledJobKey(namespace, scheduledJob));
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withOwnerReferences(RunJobs.controllerReference(owner))
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    return createJob(job);
  }

  /** The Jobs the API holds now. */
  public Map<String, Job> jobs() {
    return jobs;
  }

  public ScheduledJob scheduledJob(String namespace, String name) {
    return scheduledJobs.get(new ScheduledJobKey(namespace, name));
  }

  private void act(CommandRecord command, int attempt) {
    ActionResult result;
    if (command instanceof CreateJob create) {
      result = create(create);
    } else if (command instanceof DeleteJob delete) {
      result = delete(delete);
    } else if (command instanceof UpdateStatus update) {
      result = update(update);
    } else {
      result =
          new ActionResult(
              Result.EVENT_RECORDED, "recorded " + ((RecordEvent) command).reason(), null, null);
    }
    CommandOutcome outcome =
        CommandOutcome.of(command, attempt, result.result(), result.detail(), false, now)
            .withJob(result.jobName(), result.jobUid());
    trail.add(new Written(topics.outcomes(), command.target().key().toString(), outcome));
  }

  private record ActionResult(Result result, String detail, String jobName, String jobUid) {}

  private ActionResult create(CreateJob command) {
    ScheduledJob live = scheduledJobs.get(command.target().key());
    if (live == null) {
      return new ActionResult(Result.REFUSED, "ScheduledJob no longer exists", null, null);
    }
    if (!live.getMetadata().getUid().equals(command.target().uid())) {
      return new ActionResult(Result.REFUSED, "ScheduledJob has another uid", null, null);
    }
    if (!command.manual() && live.getSpec().suspendedOrDefault()) {
      return new ActionResult(Result.REFUSED, "ScheduledJob is suspended", null, null);
    }
    String name = RunJobs.jobName(live, command);
    Instant last = KubeTimes.parseOrNull(live.getStatus().getLastScheduleTime());
    Job existing = jobs.get(name);
    if (!command.manual()
        && last != null
        && !last.isBefore(command.scheduledTime())
        && existing == null) {
      return new ActionResult(
          Result.ALREADY_DONE,
          "the run at " + command.scheduledTime() + " was already started",
          name,
          null);
    }
    if (!command.manual()) {
      Optional<ActionResult> late = lateRun(command, live);
      if (late.isPresent()) {
        return late.get();
      }
    }
    if (existing == null && forbidden(live, name)) {
      return new ActionResult(
          Result.SKIPPED, "another Job is running and concurrencyPolicy is Forbid", null, null);
    }
    Result result = Result.CREATED;
    Job job = existing;
    if (existing != null) {
      if (!RunJobs.isControlledBy(existing, live.getMetadata().getUid())) {
        return new ActionResult(
            Result.REFUSED,
            "a Job of that name is controlled by someone else",
            name,
            existing.getMetadata().getUid());
      }
      result = Result.ADOPTED;
    } else {
      job = createJob(RunJobs.jobFor(live, command));
    }
    ScheduledJob updated = copy(live);
    boolean changed =
        (!RunJobs.isFinished(job)
                && StatusEdits.addActive(updated.getStatus(), RunJobs.referenceTo(job)))
            | (command.manual()
                ? StatusEdits.setLastTrigger(updated.getStatus(), command.manualTrigger())
                : StatusEdits.advanceLastScheduleTime(
                    updated.getStatus(), command.scheduledTime()));
    if (changed) {
      store(updated, Change.MODIFIED);
    }
    return new ActionResult(
        result,
        (result == Result.CREATED ? "created Job " : "adopted Job ") + name,
        name,
        job.getMetadata().getUid());
  }

  /** Under Forbid, another Job of {@code live} runs (the executor's check on the live Jobs). */
  private boolean forbidden(ScheduledJob live, String ownName) {
    ConcurrencyPolicy policy = live.getSpec().concurrencyPolicyOrDefault();
    boolean running =
        jobs.values().stream()
            .anyMatch(
                job ->
                    !job.getMetadata().getName().equals(ownName)
                        && RunJobs.isControlledBy(job, live.getMetadata().getUid())
                        && !RunJobs.isFinished(job));
    return Concurrency.verdict(policy, running) == Concurrency.Verdict.SKIP;
  }

  /**
   * The executor's timing rules at the moment it acts ({@code CreateJobAction}, on the shared
   * rules): a later due time supersedes the command's, one past its deadline is missed.
   */
  private Optional<ActionResult> lateRun(CreateJob command, ScheduledJob live) {
    Schedule schedule;
    try {
      schedule = Schedule.parse(live.getSpec().getSchedule(), live.getSpec().getTimeZone());
    } catch (ScheduleException e) {
      return Optional.of(
          new ActionResult(Result.REFUSED, "the schedule cannot be used", null, null));
    }
    Instant runAt =
        FireTimes.mostRecent(schedule, command.scheduledTime(), now)
            .orElse(command.scheduledTime());
    if (StartingDeadline.passed(
        runAt, live.getSpec().getStartingDeadlineSeconds(), now, Duration.ZERO)) {
      ScheduledJob updated = copy(live);
      if (StatusEdits.advanceLastMissedTime(updated.getStatus(), runAt)) {
        store(updated, Change.MODIFIED);
      }
      return Optional.of(
          new ActionResult(
              Result.MISSED, "the run at " + runAt + " is past its deadline", null, null));
    }
    if (runAt.equals(command.scheduledTime())) {
      return Optional.empty();
    }
    ActionResult started =
        create(
            CreateJob.forRun(
                command.target(),
                runAt,
                RunReason.CATCH_UP,
                command.supersedesAfter(),
                command.time()));
    return Optional.of(
        new ActionResult(
            Result.SUPERSEDED,
            "superseded by " + runAt + "; " + started.detail(),
            started.jobName(),
            started.jobUid()));
  }

  private ActionResult delete(DeleteJob command) {
    Job job = jobs.get(command.jobName());
    if (job == null || !job.getMetadata().getUid().equals(command.jobUid())) {
      return new ActionResult(
          Result.ALREADY_DONE,
          "Job " + command.jobName() + " does not exist",
          command.jobName(),
          command.jobUid());
    }
    deleteJob(command.jobName());
    ScheduledJob live = scheduledJobs.get(command.target().key());
    if (live != null) {
      ScheduledJob updated = copy(live);
      if (StatusEdits.removeActive(updated.getStatus(), List.of(command.jobUid()), Set.of())) {
        store(updated, Change.MODIFIED);
      }
    }
    return new ActionResult(
        Result.DELETED, "deleted Job " + command.jobName(), command.jobName(), command.jobUid());
  }

  private ActionResult update(UpdateStatus command) {
    ScheduledJob live = scheduledJobs.get(command.target().key());
    if (live == null || !live.getMetadata().getUid().equals(command.target().uid())) {
      return new ActionResult(Result.REFUSED, "ScheduledJob no longer exists", null, null);
    }
    ScheduledJob updated = copy(live);
    ScheduledJobStatus status = updated.getStatus();
    boolean changed =
        StatusEdits.removeActive(status, command.removeActiveUids(), Set.of())
            | StatusEdits.advanceLastSuccessfulTime(status, command.lastSuccessfulTime())
            | StatusEdits.advanceLastMissedTime(status, command.lastMissedTime())
            | StatusEdits.setNextScheduleTime(
                status, command.nextScheduleTime(), command.clearNextScheduleTime())
            | StatusEdits.advanceObservedGeneration(status, command.observedGeneration());
    for (var condition : command.conditions()) {
      changed |= StatusEdits.setCondition(status, condition, command.time());
    }
    if (changed) {
      store(updated, Change.MODIFIED);
    }
    return new ActionResult(
        Result.STATUS_UPDATED, changed ? "status updated" : "status already so", null, null);
  }

  private Job createJob(Job job) {
    job.getMetadata().setUid("job-uid-" + (++uids));
    job.getMetadata().setCreationTimestamp(KubeTimes.format(now));
    job.setStatus(
        new JobStatusBuilder().withStartTime(KubeTimes.format(now)).withActive(1).build());
    storeJob(job, Change.ADDED);
    return job;
  }

  private void storeJob(Job job, Change change) {
    job.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    jobs.put(job.getMetadata().getName(), job);
    watchJob(job, change);
  }

  private void watchJob(Job job, Change change) {
    Optional<String> owner =
        job.getMetadata().getOwnerReferences() == null
            ? Optional.empty()
            : job.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .filter(o -> ScheduledJob.KIND.equals(o.getKind()))
                .map(o -> o.getName())
                .findFirst();
    if (owner.isEmpty()) {
      return; // the watcher publishes only Jobs a ScheduledJob controls
    }
    Job snapshot = copy(job);
    watch(
        new JobObserved(
            CronlogRecord.SCHEMA_VERSION,
            observedId(job.getMetadata().getUid(), job.getMetadata().getResourceVersion(), change),
            now,
            change,
            job.getMetadata().getResourceVersion(),
            owner.get(),
            snapshot),
        new ScheduledJobKey(job.getMetadata().getNamespace(), owner.get()));
  }

  private void store(ScheduledJob sj, Change change) {
    sj.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    scheduledJobs.put(ScheduledJobKey.of(sj), sj);
    watch(
        new ScheduledJobObserved(
            CronlogRecord.SCHEMA_VERSION,
            observedId(sj.getMetadata().getUid(), sj.getMetadata().getResourceVersion(), change),
            now,
            change,
            sj.getMetadata().getResourceVersion(),
            copy(sj)),
        ScheduledJobKey.of(sj));
  }

  /**
   * What the watcher does with one change: the event, and the state it leads to (a tombstone, a
   * null record, for a deletion), which its scheduler reads.
   */
  private void watch(ObservationRecord event, ScheduledJobKey key) {
    trail.add(new Written(topics.events(), key.toString(), event));
    Optional<ScheduledJobState> state = fold.apply(key, event);
    if (state.isPresent()) {
      states.put(key, state.get());
      trail.add(new Written(topics.state(), key.toString(), state.get()));
    } else if (event instanceof ScheduledJobObserved observed
        && observed.change() == Change.DELETED) {
      states.remove(key);
      trail.add(new Written(topics.state(), key.toString(), null));
    }
  }

  private static String observedId(String uid, String resourceVersion, Change change) {
    return RecordIds.of("observed", uid, resourceVersion, change.name());
  }

  /** A deep copy, so that what was published never changes afterwards. */
  @SuppressWarnings("unchecked")
  private static <T> T copy(T object) {
    return (T) COPIER.unmarshal(COPIER.asJson(object), object.getClass());
  }

  /** The name of the Job of the run of {@code scheduledJob} at {@code t}. */
  public static String jobName(String scheduledJob, Instant t) {
    return Runs.jobName(scheduledJob, t.truncatedTo(ChronoUnit.SECONDS));
  }
}
