package io.cronlog.devkube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dev API's objects on disk, so that {@code cronlog dev --data-dir} keeps them across restarts:
 * one JSON document with every stored object, the collection it was created in, and the highest
 * resourceVersion handed out. Written whole to a temporary file that is then moved over the old
 * one, so that a crash leaves the previous snapshot or the new one, never half of one.
 */
final class StoreSnapshot {

  /**
   * One stored object and the collection path it was created at ({@code
   * /apis/batch/v1/namespaces/x/jobs}).
   */
  record Entry(String collection, JsonNode object) {}

  /** What a snapshot holds. */
  record Contents(long resourceVersion, List<Entry> entries) {}

  private StoreSnapshot() {}

  static void write(Path file, Contents contents) {
    ObjectNode root = Json.object();
    root.put("resourceVersion", contents.resourceVersion());
    ArrayNode objects = root.putArray("objects");
    for (Entry entry : contents.entries()) {
      ObjectNode item = objects.addObject();
      item.put("collection", entry.collection());
      item.set("object", entry.object());
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(temporary, Json.write(root), StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dev API's objects to " + file, e);
    }
  }

  /**
   * The snapshot in {@code file}; empty when there is none yet.
   *
   * @throws IllegalArgumentException when the file is not a snapshot
   */
  static Optional<Contents> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = Json.read(Files.readString(file, StandardCharsets.UTF_8));
      List<Entry> entries = new ArrayList<>();
      for (JsonNode item : root.path("objects").values()) {
        entries.add(new Entry(item.path("collection").asString(), item.path("object")));
      }
      return Optional.of(new Contents(root.path("resourceVersion").asLong(0), entries));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dev API's objects from " + file, e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "the dev API's objects in "
              + file
              + " are not readable JSON ("
              + e.getOriginalMessage()
              + ")",
          e);
    }
  }
}
