package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against a kubeconfig, as a user would. */
final class Kubectl {

  /** What one kubectl run printed, and its exit status. */
  record Result(int exitStatus, String out, String err) {
    Result succeeded() {
      assertThat(exitStatus).as("kubectl failed: %s%s", out, err).isZero();
      return this;
    }
  }

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Fails the test with a clear message where kubectl is not installed; never skips it. */
  static void requireInstalled() throws InterruptedException {
    try {
      Process version =
          new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      assertThat(version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0)
          .as("kubectl version --client")
          .isTrue();
    } catch (IOException e) {
      throw new AssertionError(
          "kubectl is required by the end-to-end tests and was not found on PATH;"
              + " install it (.ci/run does on CI)",
          e);
    }
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return run(command, new ProcessBuilder(command));
  }

  /**
   * Runs {@code kubectl cronlog args...}: the plugin found on the PATH as a user's shell finds it,
   * with {@code bin} first, and the kubeconfig in KUBECONFIG, which kubectl hands to a plugin.
   */
  Result plugin(Path bin, Path directory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl", "cronlog"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    return run(command, builder);
  }

  private Result run(List<String> command, ProcessBuilder builder)
      throws IOException, InterruptedException {
    // To files, not pipes: a pipe nobody reads until the end stalls kubectl once it fills (64 KiB).
    Path out = Files.createTempFile("kubectl", ".out");
    Path err = Files.createTempFile("kubectl", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
