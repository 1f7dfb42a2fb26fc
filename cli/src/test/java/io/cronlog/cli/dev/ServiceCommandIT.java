package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README shows for scaling on one machine: {@code bin/cronlog dev}, then in another
 * terminal {@code bin/cronlog service executor}, watched with {@code bin/cronlog status}; all three
 * as the processes a user starts.
 */
class ServiceCommandIT {

  private static final Path CRONLOG =
      Path.of("..").toAbsolutePath().normalize().resolve("bin/cronlog");

  @TempDir Path work;
  private DevProcess dev;

  @BeforeEach
  void startCronlogDev() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(CRONLOG.toString(), "dev", "--no-demo").directory(work.toFile());
    builder.environment().put("CRONLOG_LOG_FILE", work.resolve("dev.log").toString());
    dev = DevProcess.start(builder);
    dev.awaitLine("ready", Duration.ofSeconds(120));
  }

  @AfterEach
  void stopCronlogDev() throws InterruptedException {
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void aSecondExecutorStartedBesideCronlogDevTakesAShareOfThePartitionsAndGivesItBackOnSigterm()
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> status().contains("cronlog-executor: Stable, 1 member"));

    ProcessBuilder builder =
        new ProcessBuilder(CRONLOG.toString(), "service", "executor").directory(work.toFile());
    builder.environment().put("CRONLOG_LOG_FILE", work.resolve("service.log").toString());
    try (DevProcess executor = DevProcess.start(builder)) {
      assertThat(executor.awaitLine("executor: Kafka ", Duration.ofSeconds(60)))
          .matches(
              "executor: Kafka [\\w.-]+:\\d+, metrics and health on http://127.0.0.1:\\d+/metrics");
      String shared =
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofSeconds(2))
              .until(
                  this::status,
                  // A cooperative rebalance gives the newcomer its share in a second round.
                  text ->
                      text.contains("cronlog-executor: Stable, 2 members")
                          && text.lines()
                                  .filter(line -> line.matches(".*cronlog\\.commands \\d,\\d,\\d$"))
                                  .count()
                              == 2);
      assertThat(shared.lines().filter(line -> line.contains("consumer-cronlog-executor")))
          .hasSize(2)
          .allSatisfy(line -> assertThat(line).containsPattern("cronlog\\.commands \\d,\\d,\\d$"));
    }
    // Closing it sent SIGTERM, as Ctrl-C in its terminal would: its partitions come back at once.
    String alone =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                this::status,
                text ->
                    text.contains("cronlog-executor: Stable, 1 member")
                        && text.contains("cronlog.commands 0,1,2,3,4,5"));
    assertThat(alone).containsPattern("cronlog\\.commands 0,1,2,3,4,5");
  }

  /** What {@code bin/cronlog status} prints in the working directory; it must succeed. */
  private String status() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(CRONLOG.toString(), "status")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
