package io.cronlog.watcher.publish;

import java.nio.charset.StandardCharsets;

/**
 * One record of a transaction: its topic, its key (null only for the dead letter of a record that
 * had none), and its bytes (null for a tombstone).
 */
public record Outgoing(String topic, String key, byte[] value) {

  /** The bytes of key and value: what a topic's size limit is held against, less the headers. */
  public int size() {
    return (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length)
        + (value == null ? 0 : value.length);
  }
}
