package io.cronlog.executor.bench;

import io.cronlog.devkube.DevKubernetesApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the benchmark's dev APIs run. {@link #shared}: in this JVM, on the cores the broker, the
 * executors and the raw phase's client use too. {@link #ownCore}: in a JVM of its own on the first
 * core, with this JVM moved to the others, as a kube-apiserver runs on machines of its own; then a
 * rate compares what the client side keeps the API doing, not who took the API's CPU.
 */
abstract class ApiHost implements AutoCloseable {

  /** A fresh, empty API, the previous one closed; its URL. */
  abstract String freshApi();

  /**
   * The CPU the API's own process has spent so far, in nanoseconds; -1 when the API shares this
   * JVM, whose CPU holds it.
   */
  abstract long apiCpuNanos();

  @Override
  public abstract void close();

  /** Every API in this JVM. */
  static ApiHost shared() {
    return new ApiHost() {
      private DevKubernetesApi api;

      @Override
      String freshApi() {
        close();
        api = DevKubernetesApi.start(0);
        return api.url();
      }

      @Override
      long apiCpuNanos() {
        return -1;
      }

      @Override
      public void close() {
        if (api != null) {
          api.close();
          api = null;
        }
      }
    };
  }

  /**
   * Every API in one child JVM ({@link ApiProcess}) pinned to core 0, and this JVM's threads pinned
   * to the other cores; both with {@code taskset}, so Linux only.
   */
  static ApiHost ownCore() throws IOException, InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores < 2) {
      throw new IllegalStateException(
          "an API on a core of its own needs two cores, found " + cores);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                List.of(
                    "taskset",
                    "-c",
                    "0",
                    java,
                    "-Dlogback.configurationFile=logback-bench.xml",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ApiProcess.class.getName()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    // -a: every thread this JVM has now; the threads they start later inherit the mask.
    run("taskset", "-a", "-cp", "1-" + (cores - 1), Long.toString(ProcessHandle.current().pid()));
    return new ChildApi(child);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static final class ChildApi extends ApiHost {
    private final Process child;
    private final PrintWriter requests;
    private final BufferedReader answers;

    ChildApi(Process child) {
      this.child = child;
      this.requests = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
      this.answers =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    String freshApi() {
      return ask("fresh");
    }

    @Override
    long apiCpuNanos() {
      return Long.parseLong(ask("cpu"));
    }

    private synchronized String ask(String request) {
      requests.println(request);
      try {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
          if (line.startsWith(ApiProcess.ANSWER)) {
            return line.substring(ApiProcess.ANSWER.length());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new IllegalStateException("the API process ended; asked: " + request);
    }

    @Override
    public void close() {
      requests.close();
      try {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
