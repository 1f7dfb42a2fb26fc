package io.cronlog.devkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the dev API, with no flag but {@code --kubeconfig}. */
class KubectlIT {

  private static final String WIDGET =
      """
      apiVersion: test.cronlog.io/v1
      kind: Widget
      metadata:
        name: w1
      spec:
        size: %s
      """;
  private static final String SCHEDULED_JOB =
      """
      apiVersion: cronlog.io/v1
      kind: ScheduledJob
      metadata:
        name: hello
      spec:
        schedule: "*/5 * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: main
                  image: busybox
      """;
  private static final String JOB =
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: j1
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: main
              image: %s
      """;

  @TempDir Path dir;
  private DevKubernetesApi api;
  private KubernetesClient client;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws IOException {
    api = DevKubernetesApi.start(0);
    client = api.newClient();
    kubectl =
        new Kubectl(
            api.writeKubeconfig(dir.resolve("kubeconfig")),
            Files.createDirectory(dir.resolve("cache")));
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void talksToTheDevApiWithTheWrittenKubeconfig() {
    Kubectl.Result version = kubectl.run("version");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).contains("Server Version: v1.32.0-cronlog-dev");
    assertThat(kubectl.run("config", "current-context").out().trim()).isEqualTo("cronlog-dev");
  }

  @Test
  void appliesACrdThenWaitsForItToBeEstablished() throws IOException {
    Kubectl.Result applied =
        kubectl.run("apply", "-f", write("crd.yaml", Json.KUBERNETES.asYaml(Widgets.crd())));
    Kubectl.Result established =
        kubectl.run(
            "wait",
            "--for",
            "condition=Established",
            "--timeout=20s",
            "crd/widgets.test.cronlog.io");

    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out())
        .contains("customresourcedefinition.apiextensions.k8s.io/widgets.test.cronlog.io created");
    assertThat(established.exitCode()).as(established.err()).isZero();
    assertThat(established.out()).contains("condition met");
  }

  @Test
  void appliesACustomResourceAndShowsItsPrinterColumns() throws IOException {
    installCrd();

    Kubectl.Result applied =
        kubectl.run("apply", "-f", write("w1.yaml", WIDGET.formatted("large")));
    Kubectl.Result listed = kubectl.run("get", "widgets");
    Kubectl.Result byShortName = kubectl.run("get", "wd", "w1");

    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("widget.test.cronlog.io/w1 created");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out().lines().toList()).hasSize(2);
    assertThat(listed.out().lines().findFirst().orElseThrow())
        .matches("NAME\\s+SIZE\\s+READY\\s+PARTS\\s+COUNT\\s+LAST SEEN\\s+AGE\\s*");
    assertThat(listed.out().lines().skip(1).findFirst().orElseThrow())
        .matches("w1\\s+large\\s+\\d+s\\s*");
    assertThat(byShortName.out().lines().toList()).hasSize(2).last().asString().startsWith("w1 ");
  }

  @Test
  void reappliesAChangedCustomResourceAsConfigured() throws IOException {
    installCrd();
    kubectl.run("apply", "-f", write("w1.yaml", WIDGET.formatted("large")));

    Kubectl.Result reapplied =
        kubectl.run("apply", "-f", write("w1.yaml", WIDGET.formatted("small")));
    Kubectl.Result unchanged = kubectl.run("apply", "-f", dir.resolve("w1.yaml").toString());

    assertThat(reapplied.exitCode()).as(reapplied.err()).isZero();
    assertThat(reapplied.out()).contains("widget.test.cronlog.io/w1 configured");
    assertThat(unchanged.out()).contains("widget.test.cronlog.io/w1 unchanged");
    assertThat(
            kubectl
                .run("get", "wd", "w1", "-o", "jsonpath={.spec.size} {.metadata.generation}")
                .out())
        .isEqualTo("small 2");
  }

  @Test
  void annotatesACustomResource() throws IOException {
    installCrd();
    kubectl.run("apply", "-f", write("w1.yaml", WIDGET.formatted("large")));

    Kubectl.Result annotated = kubectl.run("annotate", "widget", "w1", "team=blue");

    assertThat(annotated.exitCode()).as(annotated.err()).isZero();
    assertThat(annotated.out()).contains("widget.test.cronlog.io/w1 annotated");
    assertThat(Widgets.widgets(client).withName("w1").get().getMetadata().getAnnotations())
        .containsEntry("team", "blue");
  }

  @Test
  void deletesACustomResourceAndThenReportsItNotFound() throws IOException {
    installCrd();
    kubectl.run("apply", "-f", write("w1.yaml", WIDGET.formatted("large")));

    Kubectl.Result deleted = kubectl.run("delete", "wd", "w1");
    Kubectl.Result missing = kubectl.run("get", "wd", "w1");

    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).contains("widget.test.cronlog.io \"w1\" deleted");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err())
        .contains("Error from server (NotFound): widgets.test.cronlog.io \"w1\" not found");
  }

  @Test
  void refusesACronJobWithTheWayToAScheduledJobAndStillListsCronJobs() throws IOException {
    Kubectl.Result applied =
        kubectl.run(
            "apply",
            "-f",
            write("cj.yaml", Json.KUBERNETES.asYaml(CronJobRefusalTest.cronJob("hello"))));
    Kubectl.Result listed = kubectl.run("get", "cronjobs");

    assertThat(applied.exitCode()).isEqualTo(1);
    assertThat(applied.err())
        .startsWith("Error from server (BadRequest): error when creating")
        .contains(CronJobRefusal.MESSAGE);
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.err()).contains("No resources found in default namespace.");
  }

  @Test
  void listsJobsAsARealClusterDoes() {
    client.batch().v1().jobs().resource(DevKubernetesApiTest.job("running")).create();
    client.batch().v1().jobs().resource(DevKubernetesApiTest.job("done")).create();
    Instant start = Instant.now().minusSeconds(30);
    client
        .batch()
        .v1()
        .jobs()
        .withName("done")
        .editStatus(
            j ->
                new JobBuilder(j)
                    .editOrNewStatus()
                    .withStartTime(start.toString())
                    .withCompletionTime(start.plusSeconds(7).toString())
                    .withSucceeded(1)
                    .addNewCondition()
                    .withType("Complete")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());

    Kubectl.Result jobs = kubectl.run("get", "jobs");
    Kubectl.Result wide = kubectl.run("get", "jobs", "-o", "wide");

    assertThat(jobs.exitCode()).as(jobs.err()).isZero();
    assertThat(jobs.out().lines().toList())
        .satisfiesExactlyInAnyOrder(
            header ->
                assertThat(header).matches("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE\\s*"),
            row -> assertThat(row).matches("done\\s+Complete\\s+1/1\\s+7s\\s+\\d+s\\s*"),
            row -> assertThat(row).matches("running\\s+Running\\s+0/1\\s+\\d+s\\s*"));
    assertThat(wide.out().lines().findFirst().orElseThrow())
        .contains("CONTAINERS", "IMAGES", "SELECTOR");
    assertThat(wide.out()).contains("busybox");
  }

  @Test
  void saysSoWhenThereAreNoJobs() {
    Kubectl.Result jobs = kubectl.run("get", "jobs");

    assertThat(jobs.exitCode()).isZero();
    assertThat(jobs.err()).contains("No resources found in default namespace.");
  }

  @Test
  void appliesAndReappliesABuiltInJob() throws IOException {
    Kubectl.Result created =
        kubectl.run("apply", "-f", write("job.yaml", JOB.formatted("busybox")));
    Kubectl.Result configured =
        kubectl.run("apply", "-f", write("job.yaml", JOB.formatted("alpine")));

    assertThat(created.out()).contains("job.batch/j1 created");
    assertThat(configured.exitCode()).as(configured.err()).isZero();
    assertThat(configured.out()).contains("job.batch/j1 configured");
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .withName("j1")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getImage()).isEqualTo("alpine"));
  }

  @Test
  void watchesJobsAsTheyAreCreated() throws InterruptedException {
    client.batch().v1().jobs().resource(DevKubernetesApiTest.job("first")).create();
    BlockingQueue<String> lines = Kubectl.lines();
    Process watch = kubectl.start(lines, "get", "jobs", "-w");
    try {
      assertThat(lines.poll(30, TimeUnit.SECONDS)).matches("NAME\\s+STATUS.*");
      assertThat(lines.poll(30, TimeUnit.SECONDS)).startsWith("first ");

      client.batch().v1().jobs().resource(DevKubernetesApiTest.job("second")).create();

      assertThat(lines.poll(30, TimeUnit.SECONDS)).matches("second\\s+Running\\s+0/1.*");
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void showsEventsWithTheirTypeReasonObjectAndMessage() throws IOException {
    createAboutWhichEventsAreRecorded();

    Kubectl.Result events = kubectl.run("get", "events");
    Kubectl.Result wide = kubectl.run("get", "events", "-o", "wide");

    assertThat(events.exitCode()).as(events.err()).isZero();
    assertThat(events.out().lines().toList())
        .hasSize(3)
        .first()
        .asString()
        .matches("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE\\s*");
    assertThat(events.out())
        .containsPattern("\\d+s\\s+Warning\\s+Broken\\s+widget/w1\\s+w1 is broken");
    assertThat(wide.out().lines().findFirst().orElseThrow())
        .matches(
            "LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+SUBOBJECT\\s+SOURCE\\s+MESSAGE\\s+FIRST SEEN\\s+COUNT\\s+NAME\\s*");
    assertThat(wide.out())
        .containsPattern("widget-maker\\s+w1 is broken\\s+\\d+s\\s+1\\s+w1\\.broken");
  }

  @Test
  void findsTheEventsOfAnObjectForKubectlEventsAndDescribe() throws IOException {
    createAboutWhichEventsAreRecorded();

    Kubectl.Result events = kubectl.run("events", "--for", "widget/w1");
    Kubectl.Result described = kubectl.run("describe", "widget", "w1");

    assertThat(events.exitCode()).as(events.err()).isZero();
    assertThat(events.out().lines().toList()).hasSize(2);
    assertThat(events.out()).containsPattern("Warning\\s+Broken\\s+Widget/w1\\s+w1 is broken");
    assertThat(described.exitCode()).as(described.err()).isZero();
    assertThat(described.out())
        .containsPattern("Events:\\s*\\n\\s+Type\\s+Reason\\s+Age\\s+From\\s+Message")
        .containsPattern("Warning\\s+Broken\\s+\\d+s\\s+widget-maker\\s+w1 is broken")
        .doesNotContain("w2 is broken");
  }

  @Test
  void showsWhetherAScheduledJobIsReadyAndWhenItRunsNextWithTheReasonWhenWide() throws IOException {
    Kubectl.Result crd = kubectl.run("apply", "-f", ScheduledJobAdmissionTest.CRD.toString());
    assertThat(crd.exitCode()).as(crd.err()).isZero();
    kubectl.run("apply", "-f", write("sj.yaml", SCHEDULED_JOB));
    String lastSuccess = Instant.now().minusSeconds(200).truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .genericKubernetesResources("cronlog.io/v1", "ScheduledJob")
        .withName("hello")
        .editStatus(
            sj -> {
              sj.setAdditionalProperty(
                  "status",
                  Map.of(
                      "nextScheduleTime",
                      "2030-01-01T00:05:00Z",
                      "lastSuccessfulTime",
                      lastSuccess,
                      "conditions",
                      List.of(
                          Map.of(
                              "type",
                              "Ready",
                              "status",
                              "False",
                              "reason",
                              "InvalidTimeZone",
                              "message",
                              "no such time zone",
                              "lastTransitionTime",
                              lastSuccess))));
              return sj;
            });

    Kubectl.Result listed = kubectl.run("get", "sj");
    Kubectl.Result wide = kubectl.run("get", "sj", "-o", "wide");

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out().lines().toList())
        .containsExactly(
            listed.out().lines().findFirst().orElseThrow(),
            listed.out().lines().skip(1).findFirst().orElseThrow());
    assertThat(listed.out().lines().findFirst().orElseThrow())
        .matches(
            "NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+"
                + "ACTIVE\\s+LAST SCHEDULE\\s+READY\\s+NEXT SCHEDULE\\s+LAST SUCCESSFUL\\s+AGE\\s*");
    assertThat(listed.out())
        .containsPattern(
            "hello\\s+\\*/5 \\* \\* \\* \\*\\s+false\\s+"
                + "False\\s+2030-01-01T00:05:00Z\\s+3m\\d+s\\s+\\d+s");
    assertThat(wide.out().lines().findFirst().orElseThrow())
        .matches(
            ".*READY\\s+REASON\\s+NEXT SCHEDULE\\s+LAST SUCCESSFUL\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s*");
    assertThat(wide.out())
        .containsPattern(
            "False\\s+InvalidTimeZone\\s+2030-01-01T00:05:00Z\\s+.*\\s+main\\s+busybox");
  }

  @Test
  void explainsTheFieldsOfAScheduledJobFromItsCrdSchema() {
    Kubectl.Result crd = kubectl.run("apply", "-f", ScheduledJobAdmissionTest.CRD.toString());
    assertThat(crd.exitCode()).as(crd.err()).isZero();

    Kubectl.Result field = kubectl.run("explain", "scheduledjob.spec.concurrencyPolicy");
    Kubectl.Result spec = kubectl.run("explain", "sj.spec");

    assertThat(field.exitCode()).as(field.err()).isZero();
    assertThat(field.out())
        .contains(
            "GROUP:      cronlog.io",
            "KIND:       ScheduledJob",
            "VERSION:    v1",
            "FIELD: concurrencyPolicy <string>",
            "ENUM:",
            "Forbid");
    assertThat(field.out()).containsPattern("DESCRIPTION:\\n\\s+\\S+");
    assertThat(spec.exitCode()).as(spec.err()).isZero();
    assertThat(spec.out())
        .contains("When and how to run")
        .containsPattern("schedule\\s+<string> -required-");
  }

  /** Widgets w1 and w2, each with an Event about it. */
  private void createAboutWhichEventsAreRecorded() throws IOException {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    installCrd();
    for (String name : List.of("w1", "w2")) {
      kubectl.run(
          "apply", "-f", write(name + ".yaml", WIDGET.replace("w1", name).formatted("large")));
      String uid = Widgets.widgets(client).withName(name).get().getMetadata().getUid();
      client
          .v1()
          .events()
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name + ".broken")
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion("test.cronlog.io/v1")
                  .withKind("Widget")
                  .withNamespace("default")
                  .withName(name)
                  .withUid(uid)
                  .endInvolvedObject()
                  .withType("Warning")
                  .withReason("Broken")
                  .withMessage(name + " is broken")
                  .withNewSource()
                  .withComponent("widget-maker")
                  .endSource()
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    }
  }

  private void installCrd() throws IOException {
    Kubectl.Result applied =
        kubectl.run("apply", "-f", write("crd.yaml", Json.KUBERNETES.asYaml(Widgets.crd())));
    assertThat(applied.exitCode()).as(applied.err()).isZero();
  }

  private String write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content).toString();
  }
}
