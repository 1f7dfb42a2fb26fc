package io.cronlog.audit.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DecisionBasis;
import io.cronlog.records.DeleteJob;
import io.cronlog.records.JobObserved;
import io.cronlog.records.RecordEvent;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.UpdateStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A simulated ScheduledJob's records made again as another ScheduledJob's, so that a day of 10,000
 * ScheduledJobs costs ten thousand renamings of a few simulated days, not ten thousand simulations:
 * the name, namespace and uid; its Jobs' names (which carry the ScheduledJob's name), uids, labels
 * and owner references; the texts naming a Job; and every record id, each mapped to one of its own.
 * A decision's input digest is kept as the template's: a verify does not read it, only {@code
 * --decisions} does. The specs, the Jobs' specs and statuses are shared with the template, as
 * nothing the audit does changes them. Not thread safe.
 */
final class Replica {

  private final ScheduledJobKey from;
  private final ScheduledJobKey to;
  private final String fromUid;
  private final ScheduledJobRef target;
  private final long idMsb;
  private final long idLsb;
  private final Map<String, String> jobUids = new HashMap<>();

  Replica(ScheduledJobKey from, String fromUid, ScheduledJobKey to) {
    this.from = from;
    this.to = to;
    this.fromUid = fromUid;
    UUID uid = UUID.nameUUIDFromBytes(to.toString().getBytes(StandardCharsets.UTF_8));
    this.target = new ScheduledJobRef(to.namespace(), to.name(), uid.toString());
    this.idMsb = uid.getMostSignificantBits();
    this.idLsb = uid.getLeastSignificantBits();
  }

  ScheduledJobKey key() {
    return to;
  }

  /** {@code record} as this ScheduledJob's. */
  CronlogRecord of(CronlogRecord record) {
    if (record instanceof ScheduledJobObserved o) {
      return new ScheduledJobObserved(
          o.schemaVersion(),
          id(o.id()),
          o.time(),
          o.change(),
          o.resourceVersion(),
          scheduledJob(o.object()),
          o.omitted());
    }
    if (record instanceof JobObserved o) {
      return new JobObserved(
          o.schemaVersion(),
          id(o.id()),
          o.time(),
          o.change(),
          o.resourceVersion(),
          to.name(),
          job(o.object()),
          o.omitted());
    }
    if (record instanceof CreateJob c) {
      return new CreateJob(
          c.schemaVersion(),
          id(c.id()),
          c.time(),
          target,
          c.scheduledTime(),
          c.manualTrigger(),
          c.reason(),
          c.supersedesAfter(),
          basis(c.decision()));
    }
    if (record instanceof DeleteJob c) {
      return new DeleteJob(
          c.schemaVersion(),
          id(c.id()),
          c.time(),
          target,
          name(c.jobName()),
          jobUid(c.jobUid()),
          c.reason(),
          basis(c.decision()));
    }
    if (record instanceof UpdateStatus c) {
      return new UpdateStatus(
          c.schemaVersion(),
          id(c.id()),
          c.time(),
          target,
          c.removeActiveUids().stream().map(this::jobUid).toList(),
          c.lastSuccessfulTime(),
          c.lastMissedTime(),
          c.nextScheduleTime(),
          c.clearNextScheduleTime(),
          c.observedGeneration(),
          c.conditions(),
          basis(c.decision()));
    }
    if (record instanceof RecordEvent c) {
      return new RecordEvent(
          c.schemaVersion(),
          id(c.id()),
          c.time(),
          target,
          c.eventType(),
          c.reason(),
          name(c.message()),
          c.scheduledTime(),
          name(c.jobName()),
          basis(c.decision()));
    }
    if (record instanceof CommandOutcome o) {
      return new CommandOutcome(
          o.schemaVersion(),
          id(o.id()),
          o.time(),
          id(o.commandId()),
          o.commandType(),
          target,
          o.result(),
          name(o.detail()),
          o.willRetry(),
          name(o.jobName()),
          jobUid(o.jobUid()));
    }
    throw new IllegalArgumentException("no replica for a " + record.getClass().getSimpleName());
  }

  private ScheduledJob scheduledJob(ScheduledJob template) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder(template.getMetadata())
            .withName(to.name())
            .withNamespace(to.namespace())
            .withUid(target.uid())
            .build());
    sj.setSpec(template.getSpec());
    ScheduledJobStatus from = template.getStatus();
    if (from != null) {
      ScheduledJobStatus status = new ScheduledJobStatus();
      status.setActive(from.getActive().stream().map(this::reference).toList());
      status.setLastScheduleTime(from.getLastScheduleTime());
      status.setLastSuccessfulTime(from.getLastSuccessfulTime());
      status.setNextScheduleTime(from.getNextScheduleTime());
      status.setLastMissedTime(from.getLastMissedTime());
      status.setLastTrigger(from.getLastTrigger());
      status.setObservedGeneration(from.getObservedGeneration());
      status.setConditions(from.getConditions());
      sj.setStatus(status);
    }
    return sj;
  }

  private ObjectReference reference(ObjectReference job) {
    return new ObjectReferenceBuilder(job)
        .withName(name(job.getName()))
        .withNamespace(to.namespace())
        .withUid(jobUid(job.getUid()))
        .build();
  }

  private Job job(Job template) {
    ObjectMeta meta = template.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (meta.getLabels() != null) {
      meta.getLabels().forEach((label, value) -> labels.put(label, name(value)));
    }
    Job job = new Job();
    job.setApiVersion(template.getApiVersion());
    job.setKind(template.getKind());
    job.setMetadata(
        new ObjectMetaBuilder(meta)
            .withName(name(meta.getName()))
            .withNamespace(to.namespace())
            .withUid(jobUid(meta.getUid()))
            .withLabels(labels)
            .withOwnerReferences(
                meta.getOwnerReferences() == null
                    ? List.of()
                    : meta.getOwnerReferences().stream()
                        .map(
                            owner ->
                                new OwnerReferenceBuilder(owner)
                                    .withName(to.name())
                                    .withUid(
                                        owner.getUid().equals(fromUid)
                                            ? target.uid()
                                            : owner.getUid())
                                    .build())
                        .toList())
            .build());
    job.setSpec(template.getSpec());
    job.setStatus(template.getStatus());
    return job;
  }

  private DecisionBasis basis(DecisionBasis basis) {
    return basis == null
        ? null
        : new DecisionBasis(
            basis.at(),
            basis.stateId() == null ? null : id(basis.stateId()),
            basis.pendingRuns(),
            basis.inputs());
  }

  /** A text with the template's name (a Job's name, a message naming it) as this ScheduledJob's. */
  private String name(String text) {
    return text == null ? null : text.replace(from.name(), to.name());
  }

  /**
   * The record id, or an id a record refers to, mapped one to one: the same id is the same id here.
   */
  private String id(String id) {
    UUID uuid = UUID.fromString(id);
    return new UUID(uuid.getMostSignificantBits() ^ idMsb, uuid.getLeastSignificantBits() ^ idLsb)
        .toString();
  }

  private String jobUid(String uid) {
    return uid == null
        ? null
        : jobUids.computeIfAbsent(
            uid,
            u ->
                UUID.nameUUIDFromBytes((target.uid() + "/" + u).getBytes(StandardCharsets.UTF_8))
                    .toString());
  }
}
