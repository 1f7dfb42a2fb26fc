package io.cronlog.audit.read;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.Change;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.JobObserved;
import io.cronlog.records.RecordIds;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Real trail records, built through the record types, for the tests to write and expect back. */
final class Trail {

  private Trail() {}

  static ScheduledJobRef ref(String key) {
    ScheduledJobKey parsed = ScheduledJobKey.parse(key);
    return new ScheduledJobRef(parsed.namespace(), parsed.name(), uid(key));
  }

  static ScheduledJobObserved scheduledJobObserved(
      String key, String resourceVersion, Instant time) {
    ScheduledJobRef ref = ref(key);
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(ref.namespace())
            .withName(ref.name())
            .withUid(ref.uid())
            .withResourceVersion(resourceVersion)
            .withGeneration(1L)
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("*/5 * * * *");
    spec.setConcurrencyPolicy(ConcurrencyPolicy.Allow);
    sj.setSpec(spec);
    return new ScheduledJobObserved(
        CronlogRecord.SCHEMA_VERSION,
        RecordIds.of(ref.uid(), resourceVersion, Change.MODIFIED.name()),
        time,
        Change.MODIFIED,
        resourceVersion,
        sj);
  }

  /**
   * A Job observed in {@code namespace}, said to be controlled by the ScheduledJob {@code
   * scheduledJob}.
   */
  static JobObserved jobObserved(
      String namespace, String scheduledJob, String jobName, Instant time) {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(jobName)
            .withUid(uid(namespace + "/" + jobName))
            .withResourceVersion("7")
            .endMetadata()
            .build();
    return new JobObserved(
        CronlogRecord.SCHEMA_VERSION,
        RecordIds.of(jobName, "7", Change.ADDED.name()),
        time,
        Change.ADDED,
        "7",
        scheduledJob,
        job);
  }

  static CreateJob createJob(String key, Instant scheduledTime) {
    return CreateJob.forRun(ref(key), scheduledTime, RunReason.SCHEDULED, null, scheduledTime);
  }

  static CommandOutcome created(CreateJob command) {
    return CommandOutcome.of(
        command, 1, CommandOutcome.Result.CREATED, null, false, command.time().plusSeconds(1));
  }

  static DeadLetter deadLetter(String sourceTopic, long offset, String key, Instant time) {
    return DeadLetter.of(sourceTopic, 0, offset, key, "not JSON", "{", time);
  }

  private static String uid(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
