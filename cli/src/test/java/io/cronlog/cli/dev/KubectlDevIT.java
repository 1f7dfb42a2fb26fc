package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.Runs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a newcomer does after the README's first command: {@code bin/cronlog dev}, then the real
 * kubectl against it. Runs the built launcher in a process of its own.
 */
class KubectlDevIT {

  private static final Logger LOG = LoggerFactory.getLogger(KubectlDevIT.class);
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path work;
  private DevProcess dev;
  private Kubectl kubectl;
  private String bootstrapServers;

  @BeforeEach
  void startCronlogDev() throws Exception {
    Kubectl.requireInstalled();
    Path kubeconfig = work.resolve("kubeconfig");
    ProcessBuilder builder =
        new ProcessBuilder(
                ROOT.resolve("bin/cronlog").toString(),
                "dev",
                "--no-demo",
                "--kubeconfig",
                kubeconfig.toString())
            .directory(work.toFile());
    builder.environment().put("CRONLOG_LOG_FILE", work.resolve("cronlog.log").toString());
    long started = System.nanoTime();
    dev = DevProcess.start(builder);
    String ready = dev.awaitLine("ready", Duration.ofSeconds(120));
    LOG.info(
        "cronlog dev was ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, ready);
    assertThat(ready).isEqualTo("ready: export KUBECONFIG=" + kubeconfig);
    String servers = dev.awaitLine("  Kafka bootstrap servers: ", Duration.ofSeconds(5));
    assertThat(servers).matches("  Kafka bootstrap servers: [\\w.-]+:\\d+");
    bootstrapServers = servers.substring(servers.indexOf(": ") + 2);
    assertThat(dev.awaitLine("  log: ", Duration.ofSeconds(5)))
        .isEqualTo("  log: " + work.resolve("cronlog.log"));
    kubectl = new Kubectl(kubeconfig);
  }

  @AfterEach
  void stopCronlogDev() throws InterruptedException {
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void kubectlAppliesAScheduledJobSeesItsJobAndItsColumnsThenDeletesIt() throws Exception {
    FirstRun run = applyAndAwaitFirstRun(ROOT.resolve("examples/hello.yaml"), "hello");
    String jobName = run.jobName();
    Instant due = run.due();
    assertThat(
            kubectl
                .run(
                    "get",
                    "job",
                    jobName,
                    "-o",
                    "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/"
                        + "{.metadata.ownerReferences[0].controller}")
                .succeeded()
                .out())
        .isEqualTo("ScheduledJob/hello/true");
    assertThat(dev.awaitLine("job default/" + jobName, Duration.ofSeconds(30)))
        .contains(": scheduled run of " + due.toString().replace('T', ' ').replace("Z", " UTC,"));
    // The same system through the kubectl plugin: who leads, who owns what, and the run just made.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        kubectl
                            .plugin(
                                ROOT.resolve("bin"),
                                work,
                                "status",
                                "--bootstrap-servers",
                                bootstrapServers)
                            .succeeded()
                            .out())
                    .contains(
                        "default/cronlog-watcher: led by",
                        "executors    cronlog-executor: Stable, 1 member",
                        "1 Job created since",
                        "last:  " + jobName + " (default/hello)"));

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              List<String> table = kubectl.run("get", "sj").succeeded().out().lines().toList();
              assertThat(table.get(0))
                  .containsSubsequence(
                      "NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE");
              assertThat(cell(table, "LAST SCHEDULE")).matches("\\d+s|\\d+m\\d*s?");
            });

    assertThat(kubectl.run("delete", "sj", "hello").succeeded().out()).contains("deleted");
    String jobsAtDeletion = kubectl.run("get", "jobs", "-o", "name").succeeded().out();
    assertThat(jobsAtDeletion).as("the dev API collects a deleted ScheduledJob's Jobs").isEmpty();
    Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    // Past the next scheduled minute, with room for a late decision: nothing new may appear.
    await()
        .pollDelay(Duration.between(Instant.now(), nextMinute.plusSeconds(10)))
        .atMost(Duration.ofSeconds(90))
        .until(() -> true);
    assertThat(kubectl.run("get", "jobs", "-o", "name").succeeded().out())
        .isEqualTo(jobsAtDeletion);
  }

  @Test
  void aSecondCronlogDevInTheSameDirectoryRefusesInOneLineNamingTheFirst() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                ROOT.resolve("bin/cronlog").toString(),
                "dev",
                "--no-demo",
                "--kubeconfig",
                work.resolve("kubeconfig").toString())
            .directory(work.toFile())
            .redirectErrorStream(true);
    builder.environment().put("CRONLOG_LOG_FILE", work.resolve("second.log").toString());
    Process second = builder.start();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(second.exitValue()).isEqualTo(2);
    assertThat(output.lines())
        .singleElement()
        .asString()
        .startsWith("cronlog dev is already running in " + work + " (pid ")
        .contains(", Kubernetes API http://127.0.0.1:", ", Kafka ");
    assertThat(kubectl.run("get", "sj").succeeded().err()).contains("No resources found");
  }

  @Test
  void aScheduledJobLargerThanKafkaTakesStillRunsWithItsWholeTemplateAndGetsOneWarning()
      throws Exception {
    // 700 KiB of template; kubectl apply adds as much again as its last-applied copy: 1.4 MB,
    // more than the 1 MiB a Kafka topic takes by default.
    String payload = "x".repeat(700 * 1024);
    Path manifest = work.resolve("bulky.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: cronlog.io/v1
        kind: ScheduledJob
        metadata:
          name: bulky
        spec:
          schedule: "* * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
                    env:
                    - name: PAYLOAD
                      value: "%s"
        """
            .formatted(payload));
    String jobName = applyAndAwaitFirstRun(manifest, "bulky").jobName();
    assertThat(
            kubectl
                .run(
                    "get",
                    "job",
                    jobName,
                    "-o",
                    "jsonpath={.spec.template.spec.containers[0].env[0].value}")
                .succeeded()
                .out())
        .as("the Job's template, from the live ScheduledJob")
        .isEqualTo(payload);
    // The run's status updates leave out the same parts again: they point at the first dead letter.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        kubectl
                            .run("get", "sj", "bulky", "-o", "jsonpath={.status.lastScheduleTime}")
                            .succeeded()
                            .out())
                    .isNotEmpty());
    String warnings =
        kubectl
            .run(
                "get",
                "events",
                "-o",
                "jsonpath={range .items[?(@.reason==\"RecordTooLarge\")]}{.type} {.involvedObject.name}{\"\\n\"}{end}")
            .succeeded()
            .out();
    assertThat(warnings.lines()).containsExactly("Warning bulky");
  }

  @Test
  void applyOfAMisspeltFieldFailsAsOnAClusterAndValidateFalseStoresTheRestWithoutIt()
      throws Exception {
    Path manifest = work.resolve("typo.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: cronlog.io/v1
        kind: ScheduledJob
        metadata:
          name: typo
        spec:
          schedule: "0 0 1 1 *"
          startingDeadlineSecond: 30
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
        """);

    Kubectl.Result strict = kubectl.run("apply", "-f", manifest.toString());

    assertThat(strict.exitStatus()).isEqualTo(1);
    assertThat(strict.err().lines())
        .containsExactly(
            "Error from server (BadRequest): error when creating \""
                + manifest
                + "\": ScheduledJob in version \"v1\" cannot be handled as a ScheduledJob: strict decoding error:"
                + " unknown field \"spec.startingDeadlineSecond\"");
    assertThat(kubectl.run("get", "sj", "-o", "name").succeeded().out()).isEmpty();

    Kubectl.Result ignored =
        kubectl.run("apply", "--validate=false", "-f", manifest.toString()).succeeded();

    assertThat(ignored.out()).contains("scheduledjob.cronlog.io/typo created");
    assertThat(ignored.err()).isEmpty();
    assertThat(kubectl.run("get", "sj", "typo", "-o", "jsonpath={.spec}").succeeded().out())
        .contains("\"schedule\":\"0 0 1 1 *\"")
        .doesNotContain("startingDeadlineSecond");
  }

  /** The Job of a ScheduledJob's first scheduled minute. */
  private record FirstRun(String jobName, Instant due) {}

  /**
   * Applies {@code manifest}, which defines ScheduledJob {@code name}, and waits for its first
   * run's Job.
   */
  private FirstRun applyAndAwaitFirstRun(Path manifest, String name) throws Exception {
    assertThat(kubectl.run("apply", "-f", manifest.toString()).succeeded().out())
        .contains("scheduledjob.cronlog.io/" + name + " created");
    String created =
        kubectl
            .run("get", "sj", name, "-o", "jsonpath={.metadata.creationTimestamp}")
            .succeeded()
            .out();
    Instant due =
        Instant.parse(created).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    String jobName = Runs.jobName(name, due);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(kubectl.run("get", "jobs", "-o", "name").succeeded().out())
                    .contains("job.batch/" + jobName));
    return new FirstRun(jobName, due);
  }

  /** The cell of {@code column} in the first row of a kubectl table. */
  private static String cell(List<String> table, String column) {
    String header = table.get(0);
    int start = header.indexOf(column);
    int end = start + column.length();
    while (end < header.length() && header.charAt(end) == ' ') {
      end++;
    }
    String row = table.get(1);
    return row.substring(start, Math.min(end, row.length())).trim();
  }
}
