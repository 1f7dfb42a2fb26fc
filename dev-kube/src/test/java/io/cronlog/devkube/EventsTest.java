package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class EventsTest {

  private static final String EVENTS = "/api/v1/namespaces/default/events";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));
  @RegisterExtension final RunningApi dev = new RunningApi(clock, null);

  @Test
  void listsEventsWithTheColumnsOfTheApiServersEventPrinter() {
    dev.client()
        .v1()
        .events()
        .resource(event("hello.1", "hello", "Warning", "MissedSchedule"))
        .create();
    clock.advance(Duration.ofSeconds(90));

    JsonNode table = dev.http().get(EVENTS, Http.TABLE).json();

    List<String> columns = new ArrayList<>();
    List<Integer> priorities = new ArrayList<>();
    table
        .path("columnDefinitions")
        .values()
        .forEach(
            c -> {
              columns.add(c.path("name").asString());
              priorities.add(c.path("priority").asInt());
            });
    assertThat(columns)
        .containsExactly(
            "Last Seen",
            "Type",
            "Reason",
            "Object",
            "Subobject",
            "Source",
            "Message",
            "First Seen",
            "Count",
            "Name");
    assertThat(priorities).containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
    List<String> cells = new ArrayList<>();
    table.path("rows").path(0).path("cells").values().forEach(c -> cells.add(c.asString()));
    assertThat(cells)
        .containsExactly(
            "90s",
            "Warning",
            "MissedSchedule",
            "scheduledjob/hello",
            "",
            "cronlog-executor, executor-0",
            "missed 20:00",
            "2m",
            "2",
            "hello.1");
  }

  @Test
  void selectsEventsByTheObjectTheyAreAbout() {
    dev.client()
        .v1()
        .events()
        .resource(event("hello.1", "hello", "Normal", "SuccessfulCreate"))
        .create();
    dev.client()
        .v1()
        .events()
        .resource(event("other.1", "other", "Normal", "SuccessfulCreate"))
        .create();

    JsonNode described =
        dev.http()
            .get(
                EVENTS
                    + "?fieldSelector=involvedObject.namespace%3Ddefault%2C"
                    + "involvedObject.kind%3DScheduledJob%2CinvolvedObject.uid%3Duid-hello%2CinvolvedObject.name%3Dhello"
                    + "&limit=500",
                "application/json")
            .json();
    JsonNode none =
        dev.http()
            .get(
                EVENTS + "?fieldSelector=involvedObject.apiVersion%3Dbatch%2Fv1",
                "application/json")
            .json();

    assertThat(described.path("items").values())
        .singleElement()
        .satisfies(e -> assertThat(Json.text(e, "metadata", "name")).isEqualTo("hello.1"));
    assertThat(none.path("items").size()).isZero();
  }

  @Test
  void watchesOnlyTheEventsOfTheSelectedObject() throws InterruptedException {
    dev.client()
        .v1()
        .events()
        .resource(event("hello.1", "hello", "Normal", "SuccessfulCreate"))
        .create();
    dev.client()
        .v1()
        .events()
        .resource(event("other.1", "other", "Normal", "SuccessfulCreate"))
        .create();
    BlockingQueue<JsonNode> watched =
        dev.http()
            .watch(
                EVENTS
                    + "?watch=true&fieldSelector=involvedObject.kind%3D"
                    + "ScheduledJob%2CinvolvedObject.apiVersion%3Dcronlog.io%2Fv1%2CinvolvedObject.name%3Dhello",
                "application/json");

    dev.client().v1().events().resource(event("other.2", "other", "Warning", "Missed")).create();
    dev.client().v1().events().resource(event("hello.2", "hello", "Warning", "Missed")).create();

    assertThat(Json.text(watched.poll(10, TimeUnit.SECONDS), "object", "metadata", "name"))
        .isEqualTo("hello.1");
    assertThat(Json.text(watched.poll(10, TimeUnit.SECONDS), "object", "metadata", "name"))
        .isEqualTo("hello.2");
    assertThat(watched.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void refusesAFieldThatEventsCannotBeSelectedBy() {
    Http.Answer answer = dev.http().get(EVENTS + "?fieldSelector=spec.x%3D1", "application/json");

    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.json().path("message").asString())
        .isEqualTo("field label not supported: spec.x");
  }

  private Event event(String name, String about, String type, String reason) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion("cronlog.io/v1")
        .withKind("ScheduledJob")
        .withNamespace("default")
        .withName(about)
        .withUid("uid-" + about)
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage("missed 20:00\n")
        .withNewSource()
        .withComponent("cronlog-executor")
        .endSource()
        .withReportingInstance("executor-0")
        .withFirstTimestamp("2026-12-04T19:59:30Z")
        .withLastTimestamp("2026-12-04T20:00:00Z")
        .withCount(2)
        .build();
  }
}
