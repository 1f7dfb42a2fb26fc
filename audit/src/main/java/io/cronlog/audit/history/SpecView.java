package io.cronlog.audit.history;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.api.SpecProblems;
import io.cronlog.records.codec.RecordCodec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The spec fields an audit follows, as one observation showed them: what decides which runs are due
 * and how, and a digest of the Job template so that an edit of it shows.
 *
 * @param templateDigest twelve hex digits of the SHA-256 of the template, or null when the record
 *     left the template out (too large for Kafka): then it is taken to be unchanged
 * @param deleting the object had a deletionTimestamp: it starts no run any more
 * @param invalid what the API server would have refused in it ({@link SpecProblems}), or null: the
 *     scheduler starts no run of an invalid spec, as of a suspended one
 */
public record SpecView(
    String schedule,
    String timeZone,
    boolean suspend,
    String concurrencyPolicy,
    Long startingDeadlineSeconds,
    int successfulJobsHistoryLimit,
    int failedJobsHistoryLimit,
    String templateDigest,
    boolean deleting,
    String invalid) {

  private static final RecordCodec CODEC = new RecordCodec();

  /**
   * The view of {@code sj}; {@code templateOmitted}: the record was published without the template.
   */
  public static SpecView of(ScheduledJob sj, boolean templateOmitted) {
    ScheduledJobSpec spec = sj.getSpec() == null ? new ScheduledJobSpec() : sj.getSpec();
    String digest = templateOmitted || spec.getJobTemplate() == null ? null : digest(spec);
    // Judged as the scheduler judges a state: a pod template left out of a record is not a missing
    // one.
    List<String> problems = SpecProblems.inState(sj);
    return new SpecView(
        spec.getSchedule(),
        spec.getTimeZone(),
        spec.suspendedOrDefault(),
        spec.concurrencyPolicyOrDefault().name(),
        spec.getStartingDeadlineSeconds(),
        spec.successfulJobsHistoryLimitOrDefault(),
        spec.failedJobsHistoryLimitOrDefault(),
        digest,
        sj.getMetadata().getDeletionTimestamp() != null,
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  /**
   * This view with the template digest of {@code before} when this one could not see the template.
   */
  public SpecView withTemplateOf(SpecView before) {
    if (templateDigest != null || before == null) {
      return this;
    }
    return new SpecView(
        schedule,
        timeZone,
        suspend,
        concurrencyPolicy,
        startingDeadlineSeconds,
        successfulJobsHistoryLimit,
        failedJobsHistoryLimit,
        before.templateDigest,
        deleting,
        invalid);
  }

  /**
   * Whether the schedule or its zone differ: the moment the new one takes effect counts (difference
   * 3).
   */
  public boolean scheduleDiffers(SpecView other) {
    return !Objects.equals(schedule, other.schedule) || !Objects.equals(timeZone, other.timeZone);
  }

  /** What changed from {@code before} to this, one "field old → new" per field. */
  public List<String> changesFrom(SpecView before) {
    List<String> changes = new ArrayList<>();
    change(changes, "schedule", quoted(before.schedule), quoted(schedule));
    change(changes, "timeZone", zoneText(before.timeZone), zoneText(timeZone));
    change(changes, "suspend", before.suspend, suspend);
    change(changes, "concurrencyPolicy", before.concurrencyPolicy, concurrencyPolicy);
    change(
        changes,
        "startingDeadlineSeconds",
        deadlineText(before.startingDeadlineSeconds),
        deadlineText(startingDeadlineSeconds));
    change(
        changes,
        "successfulJobsHistoryLimit",
        before.successfulJobsHistoryLimit,
        successfulJobsHistoryLimit);
    change(
        changes, "failedJobsHistoryLimit", before.failedJobsHistoryLimit, failedJobsHistoryLimit);
    if (before.templateDigest != null && templateDigest != null) {
      change(changes, "jobTemplate", before.templateDigest, templateDigest);
    }
    if (!before.deleting && deleting) {
      changes.add("deletion requested");
    }
    if (invalid != null && !invalid.equals(before.invalid)) {
      changes.add("invalid: " + invalid);
    } else if (invalid == null && before.invalid != null) {
      changes.add("valid again");
    }
    return changes;
  }

  private static void change(List<String> changes, String field, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changes.add(field + " " + before + " → " + after);
    }
  }

  private static String quoted(String text) {
    return text == null ? "(none)" : "'" + text + "'";
  }

  private static String zoneText(String zone) {
    return zone == null ? "(UTC)" : zone;
  }

  private static String deadlineText(Long seconds) {
    return seconds == null ? "(none)" : seconds + "s";
  }

  private static String digest(ScheduledJobSpec spec) {
    try {
      byte[] json = CODEC.encodeValue(spec.getJobTemplate());
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(sha).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
