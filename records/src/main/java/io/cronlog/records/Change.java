package io.cronlog.records;

/** The kind of change a watch observed. */
public enum Change {
  ADDED,
  MODIFIED,
  DELETED
}
