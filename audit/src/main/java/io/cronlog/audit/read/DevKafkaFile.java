package io.cronlog.audit.read;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The file in which a running {@code cronlog dev} says where its broker is ({@code
 * kafka.properties} next to its kubeconfig), so that {@code cronlog audit} finds it with no flag.
 * Written when the broker runs; {@link #close()} deletes it when the stack stops.
 */
public final class DevKafkaFile implements AutoCloseable {

  /** The file's name, in the directory of the dev kubeconfig. */
  public static final String NAME = "kafka.properties";

  private final Path path;
  private final String content;

  private DevKafkaFile(Path path, String content) {
    this.path = path;
    this.content = content;
  }

  /** Writes {@value #NAME} in {@code directory}, naming {@code bootstrapServers}. */
  public static DevKafkaFile write(Path directory, String bootstrapServers) throws IOException {
    Files.createDirectories(directory);
    Path path = directory.resolve(NAME);
    String content =
        "# Written by cronlog dev while it runs: where cronlog audit finds its Kafka.\n"
            + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG
            + "="
            + bootstrapServers
            + "\n";
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return new DevKafkaFile(path, content);
  }

  public Path path() {
    return path;
  }

  /** The {@code bootstrap.servers} in {@code file}, or null when it names none. */
  public static String bootstrapServers(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    String servers = properties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    return servers == null || servers.isBlank() ? null : servers.trim();
  }

  /**
   * Deletes the file, unless another {@code cronlog dev} in the same directory has written its own
   * since; idempotent.
   */
  @Override
  public void close() throws IOException {
    if (Files.exists(path) && Files.readString(path, StandardCharsets.UTF_8).equals(content)) {
      Files.delete(path);
    }
  }
}
