package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/cronlog dev} in a process of its own, as a newcomer runs it: its output logged and
 * awaited line by line, and stopped with SIGTERM, which it must obey.
 */
final class DevProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevProcess.class);

  private final Process process;
  private final BlockingQueue<String> output = new LinkedBlockingQueue<>();

  /** Every line printed so far, including those {@link #awaitLine} skipped. */
  private final List<String> printed = new CopyOnWriteArrayList<>();

  private DevProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts {@code builder} (a {@code bin/cronlog dev} command line), its stderr merged into its
   * stdout.
   */
  static DevProcess start(ProcessBuilder builder) throws IOException {
    DevProcess dev = new DevProcess(builder.redirectErrorStream(true).start());
    Thread reader = new Thread(dev::readOutput, "cronlog-dev-output");
    reader.setDaemon(true);
    reader.start();
    return dev;
  }

  /**
   * The next line starting with {@code prefix}, skipping others; fails if none comes or the process
   * exits.
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = output.poll(1, TimeUnit.SECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !process.isAlive()) {
        throw new AssertionError(
            "cronlog dev exited with status "
                + process.exitValue()
                + " before printing '"
                + prefix
                + "'");
      }
    }
    throw new AssertionError(
        "cronlog dev printed no line starting with '" + prefix + "' within " + timeout);
  }

  /** Every line cronlog dev printed so far. */
  List<String> printed() {
    return List.copyOf(printed);
  }

  /** Sends SIGTERM and asserts that cronlog dev stops within a minute. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("cronlog dev stops on SIGTERM").isTrue();
    }
  }

  private void readOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        LOG.info("cronlog dev: {}", line);
        output.add(line);
        printed.add(line);
      }
    } catch (IOException e) {
      LOG.debug("cronlog dev's output ended", e);
    }
  }
}
