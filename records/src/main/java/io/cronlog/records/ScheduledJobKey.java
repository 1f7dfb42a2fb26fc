package io.cronlog.records;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The key of every record about one ScheduledJob: {@code namespace/name}. */
public record ScheduledJobKey(String namespace, String name) {

  public ScheduledJobKey {
    if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
      throw new IllegalArgumentException("a ScheduledJob key needs a namespace and a name");
    }
  }

  /** The key of a ScheduledJob object. */
  public static ScheduledJobKey of(HasMetadata scheduledJob) {
    return new ScheduledJobKey(
        scheduledJob.getMetadata().getNamespace(), scheduledJob.getMetadata().getName());
  }

  /** Reads a record key written by {@link #toString()}. */
  public static ScheduledJobKey parse(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      throw new IllegalArgumentException("record key '" + key + "' is not namespace/name");
    }
    return new ScheduledJobKey(key.substring(0, slash), key.substring(slash + 1));
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
