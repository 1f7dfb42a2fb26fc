package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FieldSelectorTest {

  private static final JsonNode EVENT =
      Json.read(
          """
      {"metadata": {"name": "hello.1", "namespace": "default"}, "type": "Warning", "reason": "Missed",
       "involvedObject": {"apiVersion": "cronlog.io/v1", "kind": "ScheduledJob", "namespace": "default",
                          "name": "hello", "uid": "u-1"},
       "reportingComponent": "cronlog-executor", "message": "a, b=c"}""");

  @Test
  void matchesWhatKubectlDescribeSends() {
    assertThat(
            matches(
                "involvedObject.namespace=default,involvedObject.kind=ScheduledJob,"
                    + "involvedObject.uid=u-1,involvedObject.name=hello"))
        .isTrue();
    assertThat(matches("involvedObject.name=hello,involvedObject.uid=u-2")).isFalse();
  }

  @Test
  void matchesWhatKubectlEventsForSends() {
    assertThat(
            matches(
                "involvedObject.kind=ScheduledJob,involvedObject.apiVersion=cronlog.io/v1,"
                    + "involvedObject.name=hello"))
        .isTrue();
    assertThat(
            matches(
                "involvedObject.kind=ScheduledJob,involvedObject.apiVersion=batch/v1,"
                    + "involvedObject.name=hello"))
        .isFalse();
  }

  @Test
  void supportsDoubleEqualsAndNotEquals() {
    assertThat(matches("type==Warning,reason!=Started")).isTrue();
    assertThat(matches("type!=Warning")).isFalse();
  }

  @Test
  void takesTheReportingComponentAsSourceWhenThereIsNoSourceComponent() {
    assertThat(matches("source=cronlog-executor")).isTrue();
  }

  @Test
  void comparesAbsentFieldsAsEmpty() {
    assertThat(matches("involvedObject.fieldPath=")).isTrue();
    assertThat(matches("involvedObject.fieldPath!=")).isFalse();
  }

  @Test
  void unescapesCommasAndEqualsInValues() {
    JsonNode named = Json.read("{\"metadata\": {\"name\": \"a,b=c\"}}");
    assertThat(
            FieldSelector.parse("metadata.name=a\\,b\\=c", FieldSelector.EVENT_FIELDS)
                .matches(named, FieldSelector.EVENT_FIELDS))
        .isTrue();
  }

  @Test
  void refusesAFieldTheApiServerDoesNotOffer() {
    assertThatThrownBy(() -> FieldSelector.parse("spec.schedule=x", FieldSelector.EVENT_FIELDS))
        .hasMessage("field label not supported: spec.schedule");
    assertThatThrownBy(() -> FieldSelector.parse("type", FieldSelector.EVENT_FIELDS))
        .hasMessageContaining("can't understand 'type'");
  }

  @Test
  void readsAndRemovesTheSelectorOfARequestUri() {
    String uri =
        "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dhello%2Ctype%3DNormal&limit=500";

    assertThat(FieldSelector.of(uri)).contains("involvedObject.name=hello,type=Normal");
    assertThat(FieldSelector.without(uri)).isEqualTo("/api/v1/namespaces/default/events?limit=500");
    assertThat(FieldSelector.without("/api/v1/events?fieldSelector=type%3DNormal"))
        .isEqualTo("/api/v1/events");
    assertThat(FieldSelector.of("/api/v1/events")).isEmpty();
  }

  private static boolean matches(String selector) {
    return FieldSelector.parse(selector, FieldSelector.EVENT_FIELDS)
        .matches(EVENT, FieldSelector.EVENT_FIELDS);
  }
}
