package io.cronlog.audit.bench;

import io.cronlog.audit.Audit;
import io.cronlog.runtime.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link FreshAudit} in a JVM of its own, on this JVM's classpath, and times it. */
final class FreshJvm {

  private FreshJvm() {}

  /** "process s (in main s, connected at s)" for one verify of {@code query} in a new JVM. */
  static String run(String bootstrap, Topics topics, Audit.Query query, Instant readAt)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String key = query.keys().isEmpty() ? "*" : query.keys().get(0).toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                FreshAudit.class.getName(),
                bootstrap,
                topics.prefix(),
                key,
                query.since().toString(),
                query.until().toString(),
                readAt.toString()));
    builder.redirectErrorStream(true);
    long started = System.nanoTime();
    Process process = builder.start();
    String answer = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.matches("\\d+ \\d+ \\d+ \\d+")) {
          answer = line;
        }
      }
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return "did not finish";
    }
    long nanos = System.nanoTime() - started;
    if (answer == null || process.exitValue() != 0) {
      return "failed (exit " + process.exitValue() + ")";
    }
    String[] figures = answer.split(" ");
    return Table.seconds(nanos)
        + " ("
        + Table.seconds(Long.parseLong(figures[0]) * 1_000_000)
        + ", connected at "
        + Table.seconds(Long.parseLong(figures[3]) * 1_000_000)
        + ")";
  }
}
