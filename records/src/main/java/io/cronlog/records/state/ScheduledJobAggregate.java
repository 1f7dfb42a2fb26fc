package io.cronlog.records.state;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.JobSummary;
import io.cronlog.records.RecordIds;
import io.cronlog.records.ScheduledJobState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One ScheduledJob (null until it is observed) and the Jobs observed under its name, from which its
 * {@link ScheduledJobState} follows. The watcher keeps one per key and publishes the state after
 * each event; an auditor folds {@code cronlog.events} through the same class to rebuild any state
 * the scheduler decided on. Not thread safe.
 */
public final class ScheduledJobAggregate {

  private ScheduledJob scheduledJob;
  private Instant scheduleSince;

  /** Each observed Job by uid, with the uid of its controller, in the order first observed. */
  private final Map<String, OwnedJob> jobs = new LinkedHashMap<>();

  /** A Job and the uid of the ScheduledJob that controls it. */
  private record OwnedJob(JobSummary summary, String controllerUid) {}

  /** An aggregate that has observed nothing yet. */
  public ScheduledJobAggregate() {}

  /**
   * The aggregate a published state describes, as the watcher reads it back at the start of a term.
   */
  public static ScheduledJobAggregate of(ScheduledJobState state) {
    ScheduledJobAggregate aggregate = new ScheduledJobAggregate();
    aggregate.scheduledJob = state.scheduledJob();
    aggregate.scheduleSince = state.scheduleSince();
    String ownerUid = state.scheduledJob().getMetadata().getUid();
    state.jobs().forEach(job -> aggregate.jobs.put(job.uid(), new OwnedJob(job, ownerUid)));
    return aggregate;
  }

  /** The ScheduledJob last observed, or null. */
  public ScheduledJob scheduledJob() {
    return scheduledJob;
  }

  /**
   * Takes {@code object}, observed at {@code at}. An edit of {@code schedule} or {@code timeZone}
   * of the same object moves {@code scheduleSince} to {@code at}; a new object starts with none.
   */
  public void observe(ScheduledJob object, Instant at) {
    ScheduledJob before = scheduledJob;
    if (before == null
        || !Objects.equals(before.getMetadata().getUid(), object.getMetadata().getUid())) {
      scheduleSince = null;
    } else if (!Objects.equals(before.getSpec().getSchedule(), object.getSpec().getSchedule())
        || !Objects.equals(before.getSpec().getTimeZone(), object.getSpec().getTimeZone())) {
      scheduleSince = at;
    }
    scheduledJob = object;
  }

  /** Takes an observed Job (a new one, or a new version of one known). */
  public void observe(Job job) {
    String controller =
        job.getMetadata().getOwnerReferences().stream()
            .filter(owner -> Boolean.TRUE.equals(owner.getController()))
            .map(owner -> owner.getUid())
            .findFirst()
            .orElse(null);
    jobs.put(job.getMetadata().getUid(), new OwnedJob(JobSummaries.of(job), controller));
  }

  /** Forgets a deleted Job; false when it was not known. */
  public boolean forget(String jobUid) {
    return jobs.remove(jobUid) != null;
  }

  /** The summary of the Job with {@code uid}, if known. */
  public Optional<JobSummary> job(String uid) {
    OwnedJob job = jobs.get(uid);
    return job == null ? Optional.empty() : Optional.of(job.summary());
  }

  /** Every Job known, whoever controls it. */
  public Collection<JobSummary> jobs() {
    return jobs.values().stream().map(OwnedJob::summary).toList();
  }

  /**
   * The state after the event {@code eventId}, observed at {@code at}: the ScheduledJob and the
   * Jobs its current uid controls (a Job of an earlier ScheduledJob of the same name is not this
   * one's, whatever its labels say), within the history window.
   */
  public ScheduledJobState state(String eventId, Instant at) {
    String uid = scheduledJob.getMetadata().getUid();
    List<JobSummary> owned =
        jobs.values().stream()
            .filter(job -> uid.equals(job.controllerUid()))
            .map(OwnedJob::summary)
            .toList();
    return new ScheduledJobState(
        CronlogRecord.SCHEMA_VERSION,
        stateId(eventId),
        at,
        scheduledJob,
        JobHistoryWindow.of(scheduledJob, owned),
        scheduleSince);
  }

  /** The id of the state published with the event {@code eventId}. */
  public static String stateId(String eventId) {
    return RecordIds.of("state", eventId);
  }
}
