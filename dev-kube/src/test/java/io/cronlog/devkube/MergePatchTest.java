package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MergePatchTest {

  @Test
  void mergesObjectsAndRemovesNulls() {
    JsonNode merged =
        MergePatch.json(
            Json.read("{\"a\":{\"b\":1,\"c\":2},\"d\":3}"),
            Json.read("{\"a\":{\"c\":null,\"e\":4},\"d\":5}"));

    assertThat(Json.write(merged)).isEqualTo("{\"a\":{\"b\":1,\"e\":4},\"d\":5}");
  }

  @Test
  void replacesListsInAJsonMergePatch() {
    JsonNode merged =
        MergePatch.json(
            Json.read("{\"c\":[{\"name\":\"x\",\"image\":\"a\",\"cmd\":\"run\"}]}"),
            Json.read("{\"c\":[{\"name\":\"x\",\"image\":\"b\"}]}"));

    assertThat(Json.write(merged)).isEqualTo("{\"c\":[{\"name\":\"x\",\"image\":\"b\"}]}");
  }

  @Test
  void mergesNamedListElementsInAStrategicPatch() {
    JsonNode merged =
        MergePatch.strategic(
            Json.read(
                "{\"c\":[{\"name\":\"x\",\"image\":\"a\",\"cmd\":\"run\"},{\"name\":\"y\",\"image\":\"a\"}]}"),
            Json.read(
                "{\"$setElementOrder/c\":[{\"name\":\"x\"}],\"c\":[{\"name\":\"x\",\"image\":\"b\"},"
                    + "{\"name\":\"y\",\"$patch\":\"delete\"}]}"));

    assertThat(Json.write(merged))
        .isEqualTo("{\"c\":[{\"name\":\"x\",\"image\":\"b\",\"cmd\":\"run\"}]}");
  }
}
