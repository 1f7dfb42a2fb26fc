package io.cronlog.watcher.aggregate;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.Change;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.JobObserved;
import io.cronlog.records.JobSummary;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.RecordIds;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.state.ScheduledJobAggregate;
import io.cronlog.watcher.observe.ClusterObserver;
import io.cronlog.watcher.observe.Observation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The latest aggregate of every ScheduledJob, kept by the publishing thread alone (not thread
 * safe). It turns each observation into what must be published, and nothing for an observation that
 * changes nothing, so that a restart republishes only real differences.
 */
public final class Aggregates {

  private final Map<ScheduledJobKey, ScheduledJobAggregate> byKey = new HashMap<>();

  /**
   * Uids known (seeded from the last published state, or published since) and not observed since
   * the informers began to list: candidates for "vanished".
   */
  private final Set<String> unseenSeeded = new HashSet<>();

  /**
   * Uids in the initial list whose listed version was not applied yet: the informers' handlers may
   * lag behind the list that travels with the end-of-list marker.
   */
  private final Set<String> awaitedFromList = new HashSet<>();

  private boolean listed;

  /** Starts from the state last published, as read back from the state topic. */
  public void seed(Collection<ScheduledJobState> lastPublished) {
    for (ScheduledJobState state : lastPublished) {
      byKey.put(state.key(), ScheduledJobAggregate.of(state));
      unseenSeeded.add(state.scheduledJob().getMetadata().getUid());
      state.jobs().forEach(job -> unseenSeeded.add(job.uid()));
    }
  }

  /**
   * The informers list again (after an overflow), from what was published: an object they do not
   * list vanished meanwhile, one listed at the version known publishes nothing.
   */
  public void expectRelist() {
    listed = false;
    awaitedFromList.clear();
    unseenSeeded.clear();
    for (ScheduledJobAggregate aggregate : byKey.values()) {
      if (aggregate.scheduledJob() != null) {
        unseenSeeded.add(aggregate.scheduledJob().getMetadata().getUid());
      }
      aggregate.jobs().forEach(job -> unseenSeeded.add(job.uid()));
    }
  }

  /** What to publish for {@code observation}, in order. */
  public List<Publication> apply(Observation observation) {
    if (observation instanceof Observation.OfScheduledJob o) {
      return onScheduledJob(o.change(), o.object(), o.observedAt());
    }
    if (observation instanceof Observation.OfJob o) {
      return onJob(o.change(), o.object(), o.scheduledJob(), o.observedAt());
    }
    Observation.InitialListComplete o = (Observation.InitialListComplete) observation;
    return onInitialList(o.scheduledJobs(), o.jobs(), o.observedAt());
  }

  /** True once the initial list was applied, and every object in it was observed. */
  public boolean caughtUpWithInitialList() {
    return listed && awaitedFromList.isEmpty();
  }

  /** How many ScheduledJobs are known. */
  public int size() {
    return byKey.size();
  }

  private List<Publication> onScheduledJob(Change change, ScheduledJob object, Instant at) {
    ScheduledJobKey key = ScheduledJobKey.of(object);
    unseenSeeded.remove(object.getMetadata().getUid());
    awaitedFromList.remove(object.getMetadata().getUid());
    ScheduledJobAggregate aggregate = byKey.get(key);
    if (change == Change.DELETED) {
      if (aggregate == null || aggregate.scheduledJob() == null) {
        return List.of();
      }
      byKey.remove(key);
      return List.of(new Publication(key, observed(change, object, at), null, true));
    }
    if (aggregate != null
        && aggregate.scheduledJob() != null
        && sameVersion(aggregate.scheduledJob(), object)) {
      return List.of();
    }
    if (aggregate == null) {
      aggregate = new ScheduledJobAggregate();
      byKey.put(key, aggregate);
    }
    // An object the last published state knew is, after a restart's relist, a modification.
    boolean known =
        aggregate.scheduledJob() != null
            && Objects.equals(
                aggregate.scheduledJob().getMetadata().getUid(), object.getMetadata().getUid());
    aggregate.observe(object, at);
    ObservationRecord event =
        observed(known && change == Change.ADDED ? Change.MODIFIED : change, object, at);
    return List.of(new Publication(key, event, aggregate.state(event.id(), at), false));
  }

  private List<Publication> onJob(Change change, Job job, String owner, Instant at) {
    ScheduledJobKey key = new ScheduledJobKey(job.getMetadata().getNamespace(), owner);
    String uid = job.getMetadata().getUid();
    unseenSeeded.remove(uid);
    awaitedFromList.remove(uid);
    ScheduledJobAggregate aggregate = byKey.computeIfAbsent(key, k -> new ScheduledJobAggregate());
    Optional<JobSummary> known = aggregate.job(uid);
    if (change == Change.DELETED) {
      if (known.isEmpty()) {
        return List.of();
      }
      aggregate.forget(uid);
    } else {
      if (known.isPresent()
          && Objects.equals(
              known.get().resourceVersion(), job.getMetadata().getResourceVersion())) {
        return List.of();
      }
      aggregate.observe(job);
    }
    ObservationRecord event =
        jobObserved(
            known.isPresent() && change == Change.ADDED ? Change.MODIFIED : change, job, owner, at);
    return List.of(
        new Publication(
            key,
            event,
            aggregate.scheduledJob() == null ? null : aggregate.state(event.id(), at),
            false));
  }

  private List<Publication> onInitialList(
      List<ScheduledJob> listed, List<Job> listedJobs, Instant at) {
    Set<String> present = new HashSet<>();
    listed.forEach(sj -> present.add(sj.getMetadata().getUid()));
    listedJobs.forEach(job -> present.add(job.getMetadata().getUid()));
    unseenSeeded.removeAll(present);
    awaitListedNotYetApplied(listed, listedJobs);
    List<Publication> vanished = new ArrayList<>();
    for (var entry : List.copyOf(byKey.entrySet())) {
      ScheduledJobKey key = entry.getKey();
      ScheduledJobAggregate aggregate = entry.getValue();
      if (aggregate.scheduledJob() != null
          && unseenSeeded.contains(aggregate.scheduledJob().getMetadata().getUid())) {
        vanished.add(
            new Publication(
                key, observed(Change.DELETED, aggregate.scheduledJob(), at), null, true));
        byKey.remove(key);
        continue;
      }
      for (JobSummary job : aggregate.jobs()) {
        if (unseenSeeded.contains(job.uid())) {
          aggregate.forget(job.uid());
          ObservationRecord event =
              jobObserved(Change.DELETED, lastKnown(key, job), key.name(), at);
          vanished.add(
              new Publication(
                  key,
                  event,
                  aggregate.scheduledJob() == null ? null : aggregate.state(event.id(), at),
                  false));
        }
      }
    }
    unseenSeeded.clear();
    return vanished;
  }

  private void awaitListedNotYetApplied(List<ScheduledJob> scheduledJobs, List<Job> jobs) {
    listed = true;
    for (ScheduledJob sj : scheduledJobs) {
      ScheduledJobAggregate aggregate = byKey.get(ScheduledJobKey.of(sj));
      if (aggregate == null
          || aggregate.scheduledJob() == null
          || !sameVersion(aggregate.scheduledJob(), sj)) {
        awaitedFromList.add(sj.getMetadata().getUid());
      }
    }
    for (Job job : jobs) {
      String owner = ClusterObserver.controllingScheduledJob(job).orElseThrow();
      ScheduledJobAggregate aggregate =
          byKey.get(new ScheduledJobKey(job.getMetadata().getNamespace(), owner));
      Optional<JobSummary> known =
          aggregate == null ? Optional.empty() : aggregate.job(job.getMetadata().getUid());
      if (known.isEmpty()
          || !Objects.equals(
              known.get().resourceVersion(), job.getMetadata().getResourceVersion())) {
        awaitedFromList.add(job.getMetadata().getUid());
      }
    }
  }

  private static boolean sameVersion(HasMetadata a, HasMetadata b) {
    return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid())
        && Objects.equals(
            a.getMetadata().getResourceVersion(), b.getMetadata().getResourceVersion());
  }

  private static Job lastKnown(ScheduledJobKey key, JobSummary summary) {
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace(key.namespace())
        .withName(summary.name())
        .withUid(summary.uid())
        .withResourceVersion(summary.resourceVersion())
        .endMetadata()
        .build();
  }

  private static ScheduledJobObserved observed(Change change, ScheduledJob object, Instant at) {
    String rv = object.getMetadata().getResourceVersion();
    return new ScheduledJobObserved(
        CronlogRecord.SCHEMA_VERSION,
        RecordIds.of("observed", object.getMetadata().getUid(), String.valueOf(rv), change.name()),
        at,
        change,
        rv,
        object);
  }

  private static JobObserved jobObserved(Change change, Job job, String owner, Instant at) {
    String rv = job.getMetadata().getResourceVersion();
    return new JobObserved(
        CronlogRecord.SCHEMA_VERSION,
        RecordIds.of("observed", job.getMetadata().getUid(), String.valueOf(rv), change.name()),
        at,
        change,
        rv,
        owner,
        job);
  }
}
