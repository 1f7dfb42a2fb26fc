package io.cronlog.records.codec;

import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.CronlogRecord;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one JSON codec of every cronlog topic. Reading checks {@code schemaVersion} before binding,
 * so a record from a newer writer is refused with a clear reason instead of half-read.
 */
public final class RecordCodec {

  /**
   * One mapper of each kind per JVM, shared by every codec (a mapper is immutable and safe across
   * threads). A mapper builds its serializers, and spins method handles for their properties, on
   * first use, and the JIT compiles those anew for each mapper; with a mapper per codec, every
   * executor a test or benchmark started paid that again on its first commands.
   */
  private static final JsonMapper PLAIN = builder().build();

  private static final JsonMapper TEMPLATES_SKIPPED =
      builder().addMixIn(ScheduledJobSpec.class, TemplateSkipped.class).build();

  private final JsonMapper mapper;

  public RecordCodec() {
    this(PLAIN);
  }

  private RecordCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * A codec that reads each ScheduledJob's {@code jobTemplate} as an empty one: there when it was
   * there, its content skipped. For a reader that never builds a Job from what it reads (the
   * scheduler, which holds every ScheduledJob of its partitions): a real template is most of a
   * ScheduledJob's JSON and of its heap. Writes as the plain codec does.
   */
  public static RecordCodec withoutJobTemplates() {
    return new RecordCodec(TEMPLATES_SKIPPED);
  }

  private static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        // Kubernetes objects grow fields with every release; an unknown one must not lose a
        // record.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addModule(new SimpleModule("cronlog-instants").setDeserializerModifier(new UtcInstants()));
  }

  /** Puts {@link SkippedJobTemplate} on {@code ScheduledJobSpec.jobTemplate}. */
  private abstract static class TemplateSkipped {
    @JsonDeserialize(using = SkippedJobTemplate.class)
    abstract void setJobTemplate(JobTemplateSpec template);
  }

  /** Reads past a template and answers an empty one (a JSON null stays null). */
  private static final class SkippedJobTemplate extends ValueDeserializer<JobTemplateSpec> {
    @Override
    public JobTemplateSpec deserialize(JsonParser parser, DeserializationContext context) {
      parser.skipChildren();
      return new JobTemplateSpec();
    }
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
    int version = schemaVersionOf(bytes);
    if (version != CronlogRecord.SCHEMA_VERSION) {
      throw new UnsupportedSchemaVersionException(version);
    }
    // Bound straight from the bytes: through a tree first, a restore of 100,000 states spent a
    // third of its decoding building trees it threw away.
    try {
      return mapper.readValue(bytes, type);
    } catch (StreamReadException e) {
      throw new MalformedRecordException("not JSON: " + e.getOriginalMessage());
    } catch (JacksonException e) {
      throw new MalformedRecordException(
          "not a valid " + type.getSimpleName() + ": " + rootCause(e));
    }
  }

  /**
   * The {@code schemaVersion} of a JSON object, read before anything is bound. Writers put it
   * second, after {@code type}, so this reads a few tokens; any other member before it is skipped
   * whole.
   */
  private int schemaVersionOf(byte[] bytes) throws MalformedRecordException {
    try (JsonParser parser = mapper.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedRecordException("not a JSON object");
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.PROPERTY_NAME;
          token = parser.nextToken()) {
        boolean isVersion = "schemaVersion".equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (isVersion) {
          if (value != JsonToken.VALUE_NUMBER_INT
              || parser.getNumberType() != JsonParser.NumberType.INT) {
            break;
          }
          return parser.getIntValue();
        }
        parser.skipChildren();
      }
      throw new MalformedRecordException("schemaVersion is missing or not an integer");
    } catch (JacksonException e) {
      throw new MalformedRecordException("not JSON: " + e.getOriginalMessage());
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
