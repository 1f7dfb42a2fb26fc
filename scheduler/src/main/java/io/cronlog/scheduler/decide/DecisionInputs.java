package io.cronlog.scheduler.decide;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.DecisionBasis;
import io.cronlog.records.JobSummary;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inputs of one decision, as the decision core reads them, in one canonical form: every field
 * of the {@link Situation} that {@link Decider} reads (the ScheduledJob without its Job template,
 * managed fields and other annotations, the Jobs in uid order, when the schedule took effect, the
 * pending runs, the instant), with keys sorted. Its digest goes into each command's {@link
 * DecisionBasis}, so an auditor who rebuilds the inputs from {@code cronlog.events} can prove them
 * the same before comparing decisions. The template is left out on purpose: no decision reads it
 * beyond whether the spec has one ({@code SpecProblems.inState}), and a state too large for Kafka
 * goes without its pod template.
 */
public final class DecisionInputs {

  private static final JsonMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          // The template is left out here, not by copying the spec: no decision reads it.
          .addMixIn(ScheduledJobSpec.class, WithoutTemplate.class)
          .build();

  /**
   * One digest per thread, reset by each {@code digest()}: looking SHA-256 up in the security
   * providers for every decision cost a tenth of the basis.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(DecisionInputs::sha256);

  /** Leaves {@code jobTemplate} out of the spec's canonical form. */
  @JsonIgnoreProperties("jobTemplate")
  private abstract static class WithoutTemplate {}

  private DecisionInputs() {}

  /** The basis of a decision made in {@code situation}. */
  public static DecisionBasis basis(Situation situation) {
    return new DecisionBasis(
        situation.now(),
        situation.stateId(),
        situation.pendingRuns().stream().toList(),
        digest(situation));
  }

  /** {@code sha256:} and the hex digest of the canonical inputs of {@code situation}. */
  public static String digest(Situation situation) {
    try {
      MessageDigest sha256 = SHA_256.get();
      sha256.reset();
      // Written straight into the digest: a decision that commands something pays for no copy.
      try (DigestOutputStream out =
          new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
        CANONICAL.writeValue(out, inputs(situation));
      }
      return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to no stream failed", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The canonical JSON of the inputs of {@code situation}, for a person comparing two of them. */
  public static byte[] canonical(Situation situation) {
    return CANONICAL.writeValueAsBytes(inputs(situation));
  }

  private static Map<String, Object> inputs(Situation situation) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("scheduledJob", scheduledJob(situation.scheduledJob()));
    inputs.put(
        "jobs", situation.jobs().stream().sorted(Comparator.comparing(JobSummary::uid)).toList());
    inputs.put("scheduleSince", situation.scheduleSince());
    inputs.put("pendingRuns", situation.pendingRuns().stream().sorted().toList());
    inputs.put("now", situation.now());
    return inputs;
  }

  private static Map<String, Object> scheduledJob(ScheduledJob scheduledJob) {
    ObjectMeta metadata = scheduledJob.getMetadata();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("namespace", metadata.getNamespace());
    meta.put("name", metadata.getName());
    meta.put("uid", metadata.getUid());
    meta.put("generation", metadata.getGeneration());
    meta.put("creationTimestamp", metadata.getCreationTimestamp());
    meta.put("deletionTimestamp", metadata.getDeletionTimestamp());
    meta.put(
        "trigger",
        metadata.getAnnotations() == null
            ? null
            : metadata.getAnnotations().get(Runs.TRIGGER_ANNOTATION));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("metadata", meta);
    object.put("spec", scheduledJob.getSpec());
    object.put("status", scheduledJob.getStatus());
    return object;
  }
}
