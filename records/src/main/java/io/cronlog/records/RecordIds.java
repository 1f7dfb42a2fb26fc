package io.cronlog.records;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic record ids: a name-based UUID of the parts that make a record what it is, so the
 * same decision or observation, made again after a crash, has the same id.
 */
public final class RecordIds {

  private RecordIds() {}

  /** The id made of {@code parts}, in order. */
  public static String of(String... parts) {
    // A unit separator cannot occur in names, uids or times, so distinct part lists never collide.
    String joined = String.join("\u001f", parts);
    return UUID.nameUUIDFromBytes(joined.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
