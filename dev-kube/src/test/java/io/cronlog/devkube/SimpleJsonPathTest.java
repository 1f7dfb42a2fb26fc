package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SimpleJsonPathTest {

  private final JsonNode doc =
      Json.read(
          """
      {"spec": {"schedule": "* * * * *"},
       "metadata": {"labels": {"app.kubernetes.io/name": "hello"}},
       "status": {"active": [{"name": "a"}, {"name": "b"}],
                  "conditions": [{"type": "Progressing", "status": "True"},
                                 {"type": "Ready", "status": "False", "reason": "InvalidSchedule"}]}}""");

  @Test
  void followsDottedFields() {
    assertThat(texts(".spec.schedule")).containsExactly("* * * * *");
  }

  @Test
  void acceptsBracesAroundTheExpression() {
    assertThat(texts("{.spec.schedule}")).containsExactly("* * * * *");
  }

  @Test
  void expandsWildcardsInOrder() {
    assertThat(texts(".status.active[*].name")).containsExactly("a", "b");
  }

  @Test
  void indexesArraysFromEitherEnd() {
    assertThat(texts(".status.active[0].name")).containsExactly("a");
    assertThat(texts(".status.active[-1].name")).containsExactly("b");
  }

  @Test
  void readsQuotedAndEscapedKeysWithDots() {
    assertThat(texts(".metadata.labels['app.kubernetes.io/name']")).containsExactly("hello");
    assertThat(texts(".metadata.labels.app\\.kubernetes\\.io/name")).containsExactly("hello");
  }

  @Test
  void filtersArrayItemsByTheValueOfAField() {
    assertThat(texts(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("False");
    assertThat(texts(".status.conditions[?(@.type == 'Ready')].reason"))
        .containsExactly("InvalidSchedule");
    assertThat(texts(".status.conditions[?(@.type==\"Stalled\")].status")).isEmpty();
  }

  @Test
  void reachesNothingForMissingFields() {
    assertThat(texts(".status.lastScheduleTime")).isEmpty();
    assertThat(texts(".status.active[5].name")).isEmpty();
  }

  @Test
  void rejectsWhatItCannotEvaluate() {
    assertThatThrownBy(() -> SimpleJsonPath.parse("spec.schedule"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimpleJsonPath.parse(".status.conditions[?(@.count>1)]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> texts(String path) {
    return SimpleJsonPath.parse(path).evaluate(doc).stream().map(JsonNode::asString).toList();
  }
}
