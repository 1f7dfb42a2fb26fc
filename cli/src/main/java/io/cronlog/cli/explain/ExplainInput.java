package io.cronlog.cli.explain;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.JobSummary;
import io.cronlog.records.state.JobSummaries;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One ScheduledJob and the Jobs it controls, read from a file as {@code kubectl apply -f} reads it:
 * one object, multi-document YAML, a {@code kind: List}, or a stream of JSON objects, as {@code
 * kubectl get sj,jobs -o yaml} prints them. Jobs another object controls are left out, as the
 * watcher leaves them out of the state.
 */
record ExplainInput(ScheduledJob scheduledJob, List<JobSummary> jobs) {

  /**
   * Where an object without a namespace goes, as {@code kubectl apply} without a context namespace
   * puts it.
   */
  static final String DEFAULT_NAMESPACE = "default";

  /** The uid that stands in for one a manifest not yet applied does not have. */
  static final String NOT_CREATED_UID = "not-yet-created";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Input that cannot be explained; the message is one line for the user. */
  static final class InvalidInput extends Exception {
    InvalidInput(String message) {
      super(message);
    }
  }

  /** Each ScheduledJob in the file, in the file's order, with the Jobs it controls. */
  static List<ExplainInput> read(Path file) throws InvalidInput {
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidInput(file + ": no such file");
    } catch (CharacterCodingException e) {
      // Files.readString's own message is "Input length = 1".
      throw new InvalidInput(file + ": not UTF-8 text, so not YAML or JSON");
    } catch (IOException e) {
      throw new InvalidInput(file + ": cannot be read: " + e.getMessage());
    }
  }

  /** As {@link #read(Path)}, from {@code in}, which the messages call {@code source}. */
  static List<ExplainInput> read(String source, InputStream in) throws InvalidInput {
    try {
      return parse(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidInput(source + ": cannot be read: " + e.getMessage());
    }
  }

  /**
   * The one ScheduledJob {@code wanted} ({@code NAME} or {@code NAMESPACE/NAME}) names among {@code
   * inputs}.
   */
  static ExplainInput named(List<ExplainInput> inputs, String wanted, String source)
      throws InvalidInput {
    List<ExplainInput> matching =
        inputs.stream()
            .filter(
                input -> {
                  var metadata = input.scheduledJob().getMetadata();
                  return wanted.equals(metadata.getName())
                      || wanted.equals(metadata.getNamespace() + "/" + metadata.getName());
                })
            .toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    List<String> names =
        inputs.stream()
            .map(
                input ->
                    input.scheduledJob().getMetadata().getNamespace()
                        + "/"
                        + input.scheduledJob().getMetadata().getName())
            .toList();
    throw new InvalidInput(
        source
            + ": "
            + (matching.isEmpty() ? "no ScheduledJob " : "more than one ScheduledJob ")
            + wanted
            + (matching.isEmpty() ? "" : "; name its namespace")
            + " (it holds "
            + String.join(", ", names)
            + ")");
  }

  private static List<ExplainInput> parse(String file, String text) throws InvalidInput {
    Object parsed;
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(ScheduledJob.class);
    try {
      parsed = documents(text, serialization);
    } catch (JacksonException e) {
      var where = e.getLocation();
      // Jackson names where an unclosed object started by a byte offset it does not know; our line
      // is enough.
      throw new InvalidInput(
          file
              + ": not JSON: "
              + e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "")
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
    } catch (RuntimeException e) {
      // The parser's own message names the line and column of the fault.
      throw new InvalidInput(file + ": not Kubernetes YAML or JSON: " + firstLine(e.getMessage()));
    }
    List<ScheduledJob> scheduledJobs = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (Object item : flatten(parsed)) {
      if (item instanceof ScheduledJob sj) {
        scheduledJobs.add(sj);
      } else if (item instanceof GenericKubernetesResource generic
          && ScheduledJob.KIND.equals(generic.getKind())) {
        scheduledJobs.add(serialization.convertValue(generic, ScheduledJob.class));
      } else if (item instanceof Job job) {
        jobs.add(job);
      }
    }
    if (scheduledJobs.isEmpty()) {
      throw new InvalidInput(file + ": holds no ScheduledJob");
    }
    List<ExplainInput> inputs = new ArrayList<>();
    for (ScheduledJob sj : scheduledJobs) {
      if (sj.getMetadata() == null || sj.getMetadata().getName() == null || sj.getSpec() == null) {
        throw new InvalidInput(file + ": a ScheduledJob has no metadata.name or no spec");
      }
      if (sj.getMetadata().getNamespace() == null) {
        sj.getMetadata().setNamespace(DEFAULT_NAMESPACE);
      }
      if (sj.getMetadata().getUid() == null) {
        // A manifest not applied yet has no uid; the decision needs one to name its commands.
        sj.getMetadata().setUid(NOT_CREATED_UID);
      }
      inputs.add(
          new ExplainInput(
              sj,
              jobs.stream()
                  .filter(job -> controlledBy(job, sj))
                  .map(ExplainInput::summary)
                  .toList()));
    }
    return inputs;
  }

  /**
   * YAML documents come as a list from fabric8; a JSON stream (objects one after another, as {@code
   * kubectl apply -f} takes them) is not YAML, so it is split into its values here.
   */
  private static Object documents(String text, KubernetesSerialization serialization) {
    String start = text.stripLeading();
    if (!start.startsWith("{")) {
      return serialization.unmarshal(text);
    }
    List<Object> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(text)) {
      while (values.hasNext()) {
        documents.add(serialization.unmarshal(values.next().toString()));
      }
    }
    return documents;
  }

  private static List<Object> flatten(Object parsed) {
    List<Object> items = new ArrayList<>();
    if (parsed instanceof KubernetesList list) {
      items.addAll(list.getItems());
    } else if (parsed instanceof List<?> documents) {
      for (Object document : documents) {
        items.addAll(flatten(document));
      }
    } else if (parsed instanceof HasMetadata object) {
      items.add(object);
    }
    return items;
  }

  /**
   * In the ScheduledJob's namespace, its controller reference matched by uid (by name when the file
   * has no uid).
   */
  private static boolean controlledBy(Job job, ScheduledJob sj) {
    List<OwnerReference> refs =
        job.getMetadata() == null ? null : job.getMetadata().getOwnerReferences();
    String namespace =
        Objects.requireNonNullElse(
            job.getMetadata() == null ? null : job.getMetadata().getNamespace(), DEFAULT_NAMESPACE);
    if (refs == null || !namespace.equals(sj.getMetadata().getNamespace())) {
      return false;
    }
    String uid =
        NOT_CREATED_UID.equals(sj.getMetadata().getUid()) ? null : sj.getMetadata().getUid();
    return refs.stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()))
        .anyMatch(
            ref ->
                uid != null
                    ? uid.equals(ref.getUid())
                    : sj.getMetadata().getName().equals(ref.getName()));
  }

  /** As the watcher summarises; a hand-written Job may lack a uid, so its name stands in. */
  private static JobSummary summary(Job job) {
    if (job.getMetadata().getUid() == null) {
      job.getMetadata().setUid("no-uid/" + job.getMetadata().getName());
    }
    return JobSummaries.of(job);
  }

  private static String firstLine(String message) {
    return Objects.requireNonNullElse(message, "").lines().findFirst().orElse("");
  }
}
