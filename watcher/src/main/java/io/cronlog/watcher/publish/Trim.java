package io.cronlog.watcher.publish;

import io.cronlog.api.ScheduledJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A part of a Kubernetes object that a record may go without when the whole would be larger than
 * its topic takes, in the order they are given up: first what only the API server's bookkeeping
 * needs, last the pod template. The scheduler reads none of them; the executor takes the template
 * from the live ScheduledJob.
 */
enum Trim {
  MANAGED_FIELDS("metadata.managedFields") {
    @Override
    Object removeFrom(HasMetadata object) {
      Object fields = object.getMetadata().getManagedFields();
      if (fields == null || object.getMetadata().getManagedFields().isEmpty()) {
        return null;
      }
      object.getMetadata().setManagedFields(null);
      return fields;
    }
  },

  LAST_APPLIED_CONFIGURATION("metadata.annotations[" + Trim.LAST_APPLIED + "]") {
    @Override
    Object removeFrom(HasMetadata object) {
      Map<String, String> annotations = object.getMetadata().getAnnotations();
      return annotations == null ? null : annotations.remove(LAST_APPLIED);
    }
  },

  POD_TEMPLATE("the pod template") {
    @Override
    Object removeFrom(HasMetadata object) {
      if (object instanceof ScheduledJob sj
          && sj.getSpec() != null
          && sj.getSpec().getJobTemplate() != null
          && sj.getSpec().getJobTemplate().getSpec() != null
          && sj.getSpec().getJobTemplate().getSpec().getTemplate() != null) {
        Object template = sj.getSpec().getJobTemplate().getSpec().getTemplate();
        sj.getSpec().getJobTemplate().getSpec().setTemplate(null);
        return template;
      }
      if (object instanceof Job job
          && job.getSpec() != null
          && job.getSpec().getTemplate() != null) {
        Object template = job.getSpec().getTemplate();
        job.getSpec().setTemplate(null);
        return template;
      }
      return null;
    }

    @Override
    String path(HasMetadata object) {
      return object instanceof ScheduledJob ? "spec.jobTemplate.spec.template" : "spec.template";
    }
  };

  /** kubectl's copy of the last applied manifest: as large as the object itself. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final String path;

  Trim(String path) {
    this.path = path;
  }

  /** Every part a record may go without, for saying what was tried. */
  static String everyPart() {
    return Arrays.stream(values()).map(trim -> trim.path).collect(Collectors.joining(", "));
  }

  /** Removes this part from {@code object} and returns it; null if it had none. */
  abstract Object removeFrom(HasMetadata object);

  /** Where this part is in {@code object}, as a record's {@code omitted} names it. */
  String path(HasMetadata object) {
    return path;
  }
}
