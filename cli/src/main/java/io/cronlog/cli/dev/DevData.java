package io.cronlog.cli.dev;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * What {@code cronlog dev} keeps across restarts, in its data directory: the broker's data (the
 * whole trail, for {@code cronlog audit}) and the dev API's objects. The two describe one system
 * and are kept or dropped together: Kafka's state without the objects would have the scheduler
 * deciding runs of ScheduledJobs the API no longer holds.
 *
 * @param kafka the broker's data directory
 * @param objects the file the dev API saves its objects in
 */
record DevData(Path kafka, Path objects) {

  /**
   * The data directory cannot be used as it is (half of an earlier run's data, a file unreadable);
   * one line.
   */
  static final class Unusable extends Exception {
    Unusable(String message) {
      super(message);
    }
  }

  /**
   * The data in {@code directory}; with {@code fresh}, whatever an earlier run kept there is
   * deleted first.
   */
  static DevData in(Path directory, boolean fresh) throws IOException, Unusable {
    DevData data = new DevData(directory.resolve("kafka"), directory.resolve("kubernetes.json"));
    if (fresh) {
      deleteTree(data.kafka);
      Files.deleteIfExists(data.objects);
    }
    boolean kafka = isNonEmptyDirectory(data.kafka);
    boolean objects = Files.exists(data.objects);
    if (kafka != objects) {
      throw new Unusable(
          directory
              + " holds "
              + (kafka
                  ? "the Kafka data but not the Kubernetes objects"
                  : "the Kubernetes objects but not the Kafka data")
              + " of an earlier cronlog dev; start with --fresh"
              + " to begin empty");
    }
    Files.createDirectories(directory);
    return data;
  }

  /** Whether an earlier run left data here (before this run starts on it). */
  boolean kept() {
    return Files.exists(objects);
  }

  private static boolean isNonEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
