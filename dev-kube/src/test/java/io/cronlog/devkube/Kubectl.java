package io.cronlog.devkube;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl against the dev API, with only {@code --kubeconfig}. Its discovery cache
 * goes to a directory of the test's own (KUBECACHEDIR), so runs never see each other's.
 *
 * <p>kubectl is required: without it these tests fail, naming what is missing, rather than skip. A
 * skipped test passes silently, and CI, which has kubectl, must never lose this coverage unseen.
 */
final class Kubectl {

  private static final long TIMEOUT_SECONDS = 60;
  private final Path binary;
  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(Path kubeconfig, Path cacheDir) {
    this.binary = locate();
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  record Result(int exitCode, String out, String err) {}

  /**
   * kubectl from the KUBECTL environment variable, else from PATH; fails the test when there is
   * none.
   */
  static Path locate() {
    String configured = System.getenv("KUBECTL");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new AssertionError("KUBECTL=" + configured + " is not an executable kubectl");
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "kubectl was not found on PATH. The dev-kube kubectl tests drive the real kubectl "
            + "(1.32); install it or set KUBECTL=/path/to/kubectl. See dev-kube/README.md.");
  }

  Result run(String... args) {
    try {
      Path out = Files.createTempFile(cacheDir.getParent(), "kubectl", ".out");
      Path err = Files.createTempFile(cacheDir.getParent(), "kubectl", ".err");
      Process process =
          builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "kubectl "
                + String.join(" ", args)
                + " did not finish within "
                + TIMEOUT_SECONDS
                + "s; it printed: "
                + Files.readString(out)
                + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a long-running kubectl (such as {@code get -w}); each line it prints lands in {@code
   * lines}.
   */
  Process start(BlockingQueue<String> lines, String... args) {
    try {
      Process process = builder(args).redirectErrorStream(true).start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  r.lines().forEach(lines::add);
                } catch (IOException | UncheckedIOException e) {
                  // The process was stopped; its output ends here.
                }
              },
              "kubectl-output");
      reader.setDaemon(true);
      reader.start();
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BlockingQueue<String> lines() {
    return new LinkedBlockingQueue<>();
  }

  private ProcessBuilder builder(String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECACHEDIR", cacheDir.toString());
    builder.environment().remove("KUBECONFIG");
    return builder;
  }
}
