package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.Runs;
import io.cronlog.runtime.config.KafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a newcomer does after a few minutes of {@code bin/cronlog dev}: {@code bin/cronlog audit} in
 * the same directory, with no flag, reading the trail the running services wrote. The built
 * launcher, each command in a process of its own, and the real kubectl.
 */
class AuditDevIT {

  private static final Logger LOG = LoggerFactory.getLogger(AuditDevIT.class);
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final int RUNS = 3;

  @TempDir Path work;
  private DevProcess dev;
  private Kubectl kubectl;

  @BeforeEach
  void startCronlogDevWithItsDefaultKubeconfig() throws Exception {
    Kubectl.requireInstalled();
    startDev();
    kubectl = new Kubectl(work.resolve(".cronlog/dev/kubeconfig"));
  }

  /** Starts cronlog dev here and returns its "data:" line, printed right after "ready". */
  private String startDev(String... flags) throws Exception {
    // No --kubeconfig: cronlog dev writes .cronlog/dev/kubeconfig here, and kafka.properties beside
    // it.
    List<String> command =
        new ArrayList<>(List.of(ROOT.resolve("bin/cronlog").toString(), "dev", "--no-demo"));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    hermetic(builder)
        .environment()
        .put("CRONLOG_LOG_FILE", work.resolve("cronlog-dev.log").toString());
    dev = DevProcess.start(builder);
    assertThat(dev.awaitLine("ready", Duration.ofSeconds(120)))
        .contains(work.resolve(".cronlog/dev/kubeconfig").toString());
    return dev.awaitLine("  data: ", Duration.ofSeconds(5));
  }

  @AfterEach
  void stopCronlogDev() throws InterruptedException {
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void
      auditInTheDirectoryOfCronlogDevFindsItsBrokerVerifiesThreeMinutesCleanAndListsEachRunAlsoAfterARestart()
          throws Exception {
    assertThat(
            kubectl
                .run("apply", "-f", ROOT.resolve("examples/hello.yaml").toString())
                .succeeded()
                .out())
        .contains("scheduledjob.cronlog.io/hello created");
    Instant created =
        Instant.parse(
            kubectl
                .run("get", "sj", "hello", "-o", "jsonpath={.metadata.creationTimestamp}")
                .succeeded()
                .out());
    List<Instant> due = new ArrayList<>();
    for (int i = 1; i <= RUNS; i++) {
      due.add(created.truncatedTo(ChronoUnit.MINUTES).plus(i, ChronoUnit.MINUTES));
    }
    List<String> jobs = due.stream().map(t -> Runs.jobName("hello", t)).toList();
    // The third run is due at most three minutes after the apply; a minute more for it to be made.
    await()
        .atMost(Duration.between(Instant.now(), due.get(RUNS - 1)).plusSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(kubectl.run("get", "jobs", "-o", "name").succeeded().out().lines())
                    .containsAll(jobs.stream().map(job -> "job.batch/" + job).toList()));

    Audit verify = audit("verify", "default/hello", "--decisions");

    assertThat(verify.status()).as(verify.toString()).isZero();
    assertThat(verify.err()).isEmpty();
    assertThat(verify.out().lines()).anySatisfy(line -> assertThat(line).startsWith("clean: "));
    assertThat(verify.out().lines())
        .anySatisfy(line -> assertThat(line).startsWith("judged ").contains("replayed"));

    Audit timeline = audit("default/hello");

    assertThat(timeline.status()).as(timeline.toString()).isZero();
    assertThat(timeline.err()).isEmpty();
    assertThat(timeline.out().lines().findFirst()).hasValue("default/hello");
    for (int i = 0; i < RUNS; i++) {
      String run = "run " + due.get(i) + ": Job " + jobs.get(i) + " created";
      assertThat(timeline.out().lines())
          .as(timeline.out())
          .filteredOn(line -> line.contains(run))
          .hasSize(1);
    }

    yesterdaysRunsAreStillThereAfterARestartAndGoneAfterAFreshStart(due, jobs);
  }

  /**
   * What --data-dir promises: the next cronlog dev serves the same objects and the same trail;
   * --fresh neither.
   */
  private void yesterdaysRunsAreStillThereAfterARestartAndGoneAfterAFreshStart(
      List<Instant> due, List<String> jobs) throws Exception {
    String uid =
        kubectl.run("get", "sj", "hello", "-o", "jsonpath={.metadata.uid}").succeeded().out();
    dev.close();
    Instant stopped = Instant.now();

    assertThat(startDev()).contains("the runs of earlier starts, kept");

    assertThat(
            kubectl.run("get", "sj", "hello", "-o", "jsonpath={.metadata.uid}").succeeded().out())
        .isEqualTo(uid);
    // The Jobs of the earlier start are kept, and not announced again as if just made.
    String last = jobs.get(RUNS - 1);
    assertThat(kubectl.run("get", "jobs", "-o", "name").succeeded().out().lines())
        .contains("job.batch/" + last);
    assertThat(dev.printed()).noneMatch(line -> line.startsWith("job default/" + last));
    Audit verify = audit("verify", "default/hello", "--until", stopped.toString());
    assertThat(verify.status()).as(verify.toString()).isZero();
    assertThat(verify.out().lines()).anySatisfy(line -> assertThat(line).startsWith("clean: "));
    Audit timeline = audit("default/hello", "--until", stopped.toString());
    for (int i = 0; i < RUNS; i++) {
      String run = "run " + due.get(i) + ": Job " + jobs.get(i) + " created";
      assertThat(timeline.out().lines())
          .as(timeline.out())
          .filteredOn(line -> line.contains(run))
          .hasSize(1);
    }
    dev.close();

    assertThat(startDev("--fresh")).contains("kept across restarts");

    assertThat(kubectl.run("get", "sj", "-o", "name").succeeded().out()).isEmpty();
    Audit fresh = audit("default/hello");
    assertThat(fresh.out()).as(fresh.toString()).doesNotContain(jobs.get(0));
  }

  /** What one {@code bin/cronlog audit} printed, and its exit status. */
  private record Audit(int status, String out, String err) {}

  /**
   * Runs {@code bin/cronlog audit args...} in the working directory of cronlog dev, as a user
   * would.
   */
  private Audit audit(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(ROOT.resolve("bin/cronlog").toString(), "audit"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "audit", ".out");
    Path err = Files.createTempFile(work, "audit", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    hermetic(builder)
        .environment()
        .put("CRONLOG_LOG_FILE", work.resolve("cronlog-audit.log").toString());
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "cronlog audit " + String.join(" ", args) + " did not finish within 60 s");
    }
    LOG.info(
        "cronlog audit {} took {} ms",
        String.join(" ", args),
        (System.nanoTime() - started) / 1_000_000);
    return new Audit(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Kafka only from what cronlog dev wrote here: none from the environment the tests run in. */
  private static ProcessBuilder hermetic(ProcessBuilder builder) {
    builder.environment().remove(KafkaSettings.BOOTSTRAP_SERVERS);
    builder.environment().remove(KafkaSettings.TOPIC_PREFIX);
    return builder;
  }
}
