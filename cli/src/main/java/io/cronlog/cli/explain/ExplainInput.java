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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One ScheduledJob and the Jobs it controls, read from a file: multi-document YAML, a
 * {@code kind: List}, or JSON, as {@code kubectl get sj,jobs -o yaml} prints them. Jobs another
 * object controls are left out, as the watcher leaves them out of the state.
 */
record ExplainInput(ScheduledJob scheduledJob, List<JobSummary> jobs) {

  /** Input that cannot be explained; the message is one line for the user. */
  static final class InvalidInput extends Exception {
    InvalidInput(String message) {
      super(message);
    }
  }

  static ExplainInput read(Path file) throws InvalidInput {
    Object parsed;
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(ScheduledJob.class);
    try (InputStream in = Files.newInputStream(file)) {
      parsed = serialization.unmarshal(in);
    } catch (NoSuchFileException e) {
      throw new InvalidInput(file + ": no such file");
    } catch (IOException e) {
      throw new InvalidInput(file + ": cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      // The parser's own message names the line and column of the fault.
      throw new InvalidInput(file + ": not Kubernetes YAML or JSON: " + firstLine(e.getMessage()));
    }
    List<ScheduledJob> scheduledJobs = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (Object item : flatten(parsed)) {
      if (item instanceof ScheduledJob sj) {
        scheduledJobs.add(sj);
      } else if (item instanceof GenericKubernetesResource generic && ScheduledJob.KIND.equals(generic.getKind())) {
        scheduledJobs.add(serialization.convertValue(generic, ScheduledJob.class));
      } else if (item instanceof Job job) {
        jobs.add(job);
      }
    }
    if (scheduledJobs.size() != 1) {
      throw new InvalidInput(file + ": holds " + scheduledJobs.size() + " ScheduledJobs; explain takes exactly one");
    }
    ScheduledJob sj = scheduledJobs.get(0);
    if (sj.getMetadata() == null || sj.getMetadata().getName() == null || sj.getSpec() == null) {
      throw new InvalidInput(file + ": the ScheduledJob has no metadata.name or no spec");
    }
    List<JobSummary> owned = jobs.stream().filter(job -> controlledBy(job, sj)).map(ExplainInput::summary).toList();
    return new ExplainInput(sj, owned);
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

  /** The ScheduledJob's controller reference, matched by uid (by name when the file has no uid). */
  private static boolean controlledBy(Job job, ScheduledJob sj) {
    List<OwnerReference> refs = job.getMetadata() == null ? null : job.getMetadata().getOwnerReferences();
    if (refs == null) {
      return false;
    }
    String uid = sj.getMetadata().getUid();
    return refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getController()))
        .anyMatch(ref -> uid != null ? uid.equals(ref.getUid()) : sj.getMetadata().getName().equals(ref.getName()));
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
