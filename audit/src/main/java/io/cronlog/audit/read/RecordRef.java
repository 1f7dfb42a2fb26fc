package io.cronlog.audit.read;

/**
 * Where a record of the trail is: its topic, partition and offset, with its id and type, so that
 * every line of an audit can name the records that prove it and anyone can read them again.
 */
public record RecordRef(String topic, int partition, long offset, String id, String type) {

  /** {@code cronlog.commands-3@1207 CreateJob 0f1e...}: what a person looks up. */
  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset + " " + type + (id == null ? "" : " " + id);
  }
}
