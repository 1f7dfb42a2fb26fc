package io.cronlog.audit.read;

import java.nio.file.Path;

/**
 * Where a {@code cronlog dev} run in a directory keeps its files by default: under {@value
 * #DIRECTORY} there. Said once here for {@code cronlog dev}, which writes them, and for {@code
 * cronlog audit}, {@code status} and {@code service}, which find a running one by them; this module
 * is the lowest that all of those depend on.
 *
 * <p>The names are text, relative to the working directory, so that picocli defaults and messages
 * can quote them; bin/cronlog and logback.xml spell {@link #LOG} again, as they cannot read Java.
 */
public final class DevFiles {

  /** The directory, relative to where {@code cronlog dev} runs. */
  public static final String DIRECTORY = ".cronlog/dev";

  /** The kubeconfig for kubectl; {@link DevKafkaFile} and the lock are written beside it. */
  public static final String KUBECONFIG = DIRECTORY + "/kubeconfig";

  /** The broker's address, for {@code cronlog audit}, beside the default kubeconfig. */
  public static final String KAFKA = DIRECTORY + "/" + DevKafkaFile.NAME;

  /** The broker's records and the API's objects, kept across restarts. */
  public static final String DATA = DIRECTORY + "/data";

  /** The log of the whole stack. */
  public static final String LOG = DIRECTORY + "/cronlog.log";

  private DevFiles() {}

  /** The dev kubeconfig of a {@code cronlog dev} run in {@code workingDirectory}. */
  public static Path kubeconfig(Path workingDirectory) {
    return workingDirectory.resolve(KUBECONFIG);
  }

  /** The {@link DevKafkaFile} of a {@code cronlog dev} run in {@code workingDirectory}. */
  public static Path kafkaFile(Path workingDirectory) {
    return workingDirectory.resolve(KAFKA);
  }
}
