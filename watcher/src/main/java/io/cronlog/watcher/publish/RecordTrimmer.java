package io.cronlog.watcher.publish;

import io.cronlog.records.CronlogRecord;
import io.cronlog.records.JobObserved;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobObserved;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.StateRecord;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Makes a record that is too large smaller by leaving out parts of the object it carries, one
 * {@link Trim} at a time, until it fits; the parts left out are named in the record's {@code
 * omitted}. Works on a copy: the record given is not changed.
 */
final class RecordTrimmer {

  private final RecordCodec codec;

  RecordTrimmer(RecordCodec codec) {
    this.codec = codec;
  }

  /**
   * A record made smaller, its bytes, what it goes without, and a digest of the parts left out:
   * equal digests, equal parts.
   */
  record Trimmed(CronlogRecord record, byte[] bytes, List<String> omitted, String omittedDigest) {}

  /**
   * The smallest change to {@code record} that {@code fits}, if leaving out every {@link Trim} is
   * enough.
   */
  Optional<Trimmed> trim(CronlogRecord record, Predicate<byte[]> fits) {
    CronlogRecord copy = copyOf(record);
    HasMetadata object = objectOf(copy);
    List<String> omitted = new ArrayList<>();
    MessageDigest digest = sha256();
    for (Trim trim : Trim.values()) {
      Object part = trim.removeFrom(object);
      if (part == null) {
        continue;
      }
      omitted.add(trim.path(object));
      digest.update(trim.name().getBytes(StandardCharsets.UTF_8));
      digest.update(codec.encodeValue(part));
      CronlogRecord trimmed = withOmitted(copy, omitted);
      byte[] bytes = codec.encode(trimmed);
      if (fits.test(bytes)) {
        return Optional.of(
            new Trimmed(
                trimmed, bytes, List.copyOf(omitted), HexFormat.of().formatHex(digest.digest())));
      }
    }
    return Optional.empty();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private CronlogRecord copyOf(CronlogRecord record) {
    try {
      return codec.decode(codec.encode(record), typeOf(record));
    } catch (MalformedRecordException e) {
      throw new IllegalStateException("a record we encoded does not read back", e);
    }
  }

  private static Class<? extends CronlogRecord> typeOf(CronlogRecord record) {
    return record instanceof ScheduledJobState ? StateRecord.class : ObservationRecord.class;
  }

  private static HasMetadata objectOf(CronlogRecord record) {
    if (record instanceof ScheduledJobObserved observed) {
      return observed.object();
    }
    if (record instanceof JobObserved observed) {
      return observed.object();
    }
    if (record instanceof ScheduledJobState state) {
      return state.scheduledJob();
    }
    throw new IllegalArgumentException(
        "no Kubernetes object to trim in a " + record.getClass().getSimpleName());
  }

  private static CronlogRecord withOmitted(CronlogRecord record, List<String> omitted) {
    if (record instanceof ScheduledJobObserved o) {
      return new ScheduledJobObserved(
          o.schemaVersion(),
          o.id(),
          o.time(),
          o.change(),
          o.resourceVersion(),
          o.object(),
          omitted);
    }
    if (record instanceof JobObserved o) {
      return new JobObserved(
          o.schemaVersion(),
          o.id(),
          o.time(),
          o.change(),
          o.resourceVersion(),
          o.scheduledJob(),
          o.object(),
          omitted);
    }
    ScheduledJobState s = (ScheduledJobState) record;
    return new ScheduledJobState(
        s.schemaVersion(),
        s.id(),
        s.time(),
        s.scheduledJob(),
        s.jobs(),
        s.scheduleSince(),
        omitted);
  }
}
