package io.cronlog.records;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A particular ScheduledJob: its key and the uid of the object the decision was made for. */
public record ScheduledJobRef(String namespace, String name, String uid) {

  public ScheduledJobRef {
    new ScheduledJobKey(namespace, name);
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException("a ScheduledJob reference needs a uid");
    }
  }

  /** The reference to a ScheduledJob object. */
  public static ScheduledJobRef of(HasMetadata scheduledJob) {
    return new ScheduledJobRef(
        scheduledJob.getMetadata().getNamespace(),
        scheduledJob.getMetadata().getName(),
        scheduledJob.getMetadata().getUid());
  }

  public ScheduledJobKey key() {
    return new ScheduledJobKey(namespace, name);
  }
}
