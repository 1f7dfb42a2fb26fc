package io.cronlog.records.codec;

import io.cronlog.records.KubeTimes;
import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Reads an {@link Instant} written as cronlog's records write them ({@code
 * 2026-12-06T08:39:00.123456Z}) without a formatter, and any other form with Jackson's own reader,
 * so that what it accepts and refuses is unchanged. Jackson's formatter was most of the time the
 * executor spent decoding a command.
 */
final class UtcInstants extends ValueDeserializerModifier {

  @Override
  public ValueDeserializer<?> modifyDeserializer(
      DeserializationConfig config,
      BeanDescription.Supplier description,
      ValueDeserializer<?> deserializer) {
    return description.getBeanClass() == Instant.class ? new Reader(deserializer) : deserializer;
  }

  private static final class Reader extends DelegatingDeserializer {

    Reader(ValueDeserializer<?> jacksons) {
      super(jacksons);
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> jacksons) {
      return new Reader(jacksons);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) {
      if (parser.currentToken() == JsonToken.VALUE_STRING) {
        Instant read = KubeTimes.utcOrNull(parser.getString());
        if (read != null) {
          return read;
        }
      }
      return super.deserialize(parser, context);
    }
  }
}
