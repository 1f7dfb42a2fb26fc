package io.cronlog.records.codec;

import io.cronlog.records.CronlogRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec of every cronlog topic. Reading checks {@code schemaVersion} before binding,
 * so a record from a newer writer is refused with a clear reason instead of half-read.
 */
public final class RecordCodec {

  private final JsonMapper mapper;

  public RecordCodec() {
    this.mapper =
        JsonMapper.builder()
            // Kubernetes objects grow fields with every release; an unknown one must not lose a
            // record.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  /** The JSON bytes of {@code record}. */
  public byte[] encode(CronlogRecord record) {
    return mapper.writeValueAsBytes(record);
  }

  /**
   * The JSON bytes of any value, for instance a part of a Kubernetes object to take a digest of.
   */
  public byte[] encodeValue(Object value) {
    return mapper.writeValueAsBytes(value);
  }

  /** Reads a record of the topic whose payload type is {@code type}. */
  public <T extends CronlogRecord> T decode(byte[] bytes, Class<T> type)
      throws MalformedRecordException {
    if (bytes == null) {
      throw new MalformedRecordException("the record has no value");
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(bytes);
    } catch (JacksonException e) {
      throw new MalformedRecordException("not JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedRecordException("not a JSON object");
    }
    JsonNode version = tree.get("schemaVersion");
    if (version == null || !version.isInt()) {
      throw new MalformedRecordException("schemaVersion is missing or not an integer");
    }
    if (version.intValue() != CronlogRecord.SCHEMA_VERSION) {
      throw new UnsupportedSchemaVersionException(version.intValue());
    }
    try {
      return mapper.treeToValue(tree, type);
    } catch (JacksonException e) {
      throw new MalformedRecordException(
          "not a valid " + type.getSimpleName() + ": " + rootCause(e));
    }
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause instanceof JacksonException j ? j.getOriginalMessage() : cause.getMessage();
  }
}
