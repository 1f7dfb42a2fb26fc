package io.cronlog.audit.sim;

import io.cronlog.audit.history.KeyHistory;
import io.cronlog.audit.read.RecordRef;
import io.cronlog.audit.read.TrailRecord;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.OutcomeRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives a {@link SimulatedCronlog} through time as the services would run: the scheduler decides
 * every {@code step}, the dev API's Job completer finishes each Job {@code jobDuration} after it
 * started (unless the script holds it), and the executor acts at once.
 */
public final class Script {

  private final SimulatedCronlog cronlog;
  private final Duration step;
  private final Duration jobDuration;
  private final Map<String, Duration> held = new HashMap<>();

  public Script(SimulatedCronlog cronlog, Duration step, Duration jobDuration) {
    this.cronlog = cronlog;
    this.step = step;
    this.jobDuration = jobDuration;
  }

  /** The Job {@code name} will run for {@code duration} instead. */
  public Script hold(String name, Duration duration) {
    held.put(name, duration);
    return this;
  }

  /** Runs until {@code end}, deciding every step and finishing Jobs whose time has come. */
  public Script runUntil(Instant end) {
    for (Instant t = cronlog.now().plus(step); !t.isAfter(end); t = t.plus(step)) {
      cronlog.at(t);
      finishDue();
      cronlog.decide();
    }
    cronlog.at(end);
    return this;
  }

  private void finishDue() {
    for (Job job : List.copyOf(cronlog.jobs().values())) {
      boolean running =
          job.getStatus() != null
              && job.getStatus().getConditions().isEmpty()
              && job.getStatus().getStartTime() != null;
      Instant started = running ? Instant.parse(job.getStatus().getStartTime()) : null;
      Duration duration = held.getOrDefault(job.getMetadata().getName(), jobDuration);
      if (running && !started.plus(duration).isAfter(cronlog.now())) {
        cronlog.finishJob(job.getMetadata().getName(), true);
      }
    }
  }

  /**
   * The trail as an auditor reads it back from Kafka: each record through the codec, at an offset
   * of its own per topic, partition 0, grouped by key.
   */
  public static Map<ScheduledJobKey, KeyHistory> histories(List<SimulatedCronlog.Written> trail) {
    RecordCodec codec = new RecordCodec();
    Map<String, Long> offsets = new HashMap<>();
    Map<ScheduledJobKey, KeyHistory> histories =
        new TreeMap<>(Comparator.comparing(Object::toString));
    for (SimulatedCronlog.Written written : trail) {
      if (written.topic().equals(topics().state())) {
        continue; // the audit reads the state topic only for which ScheduledJobs exist
      }
      ScheduledJobKey key = ScheduledJobKey.parse(written.key());
      long offset = offsets.merge(written.topic(), 1L, Long::sum) - 1;
      CronlogRecord record = decode(codec, written);
      RecordRef ref =
          new RecordRef(written.topic(), 0, offset, record.id(), record.getClass().getSimpleName());
      histories
          .computeIfAbsent(key, KeyHistory::new)
          .add(new TrailRecord(ref, record.time(), written.key(), record, null));
    }
    return histories;
  }

  private static CronlogRecord decode(RecordCodec codec, SimulatedCronlog.Written written) {
    Class<? extends CronlogRecord> type =
        written.record() instanceof ObservationRecord
            ? ObservationRecord.class
            : written.record() instanceof CommandRecord
                ? CommandRecord.class
                : written.record() instanceof OutcomeRecord
                    ? OutcomeRecord.class
                    : written.record().getClass();
    try {
      return codec.decode(codec.encode(written.record()), type);
    } catch (MalformedRecordException e) {
      throw new IllegalStateException("the codec must read back what it wrote", e);
    }
  }

  /** Topics under the default prefix. */
  public static Topics topics() {
    return Topics.withDefaultPrefix();
  }
}
