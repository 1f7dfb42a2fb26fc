package io.cronlog.records.codec;

/** A record that cannot be read; the message says why and goes to the dead-letter topic. */
public class MalformedRecordException extends Exception {

  public MalformedRecordException(String reason) {
    super(reason);
  }
}
