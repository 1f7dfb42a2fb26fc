package io.cronlog.executor;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.executor.act.CommandActions;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helpers for the fabric8 mock API server in CRUD mode. */
public final class MockApi {

  private MockApi() {}

  /**
   * A schedule for tests that act on a run due "now" with the real clock: its most recent fire time
   * ({@link #latestYearlyFireTime()}) stays the most recent for the whole test, so the executor
   * never finds it superseded by a later time, as it would an every-minute run acted on after the
   * minute turned.
   */
  public static final String YEARLY = "0 0 1 1 *";

  /** The most recent fire time of {@link #YEARLY}: this year's first second, UTC. */
  public static Instant latestYearlyFireTime() {
    return LocalDate.now(ZoneOffset.UTC).withDayOfYear(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * Installs the generated ScheduledJob CRD, so that the mock serves the status subresource
   * (without it, a PUT to /status replaces the whole object).
   */
  public static void installCrd(KubernetesClient client) throws Exception {
    try (InputStream yaml =
        MockApi.class.getResourceAsStream("/META-INF/fabric8/scheduledjobs.cronlog.io-v1.yml")) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(yaml).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  /**
   * The CRD installed, then the executor's actions on {@code client} with a clock fixed at {@code
   * now} and the production fire-time check (one minute of clock skew).
   */
  public static CommandActions actionsAt(KubernetesClient client, Instant now) throws Exception {
    installCrd(client);
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    return CommandActions.on(client, clock, Duration.ofMinutes(1));
  }

  /** A ScheduledJob with a template that has its own labels, annotations and container. */
  public static ScheduledJob scheduledJob(
      String namespace, String name, String schedule, String timeZone) {
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule(schedule);
    spec.setTimeZone(timeZone);
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(Map.of("team", "billing"))
            .withAnnotations(Map.of("note", "from template"))
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(2)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("date")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    sj.setSpec(spec);
    return sj;
  }

  /** Creates {@code sj} in the API and returns it as stored, with its uid. */
  public static ScheduledJob create(KubernetesClient client, ScheduledJob sj) {
    return client
        .resources(ScheduledJob.class)
        .inNamespace(sj.getMetadata().getNamespace())
        .resource(sj)
        .create();
  }

  public static ScheduledJob get(KubernetesClient client, ScheduledJobRef ref) {
    return client
        .resources(ScheduledJob.class)
        .inNamespace(ref.namespace())
        .withName(ref.name())
        .get();
  }

  public static List<Job> jobs(KubernetesClient client, String namespace) {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  /**
   * A started mock API server in CRUD mode, as {@code @EnableKubernetesMockClient(crud = true)}
   * makes one, except that a watch a client closes cannot stall it ({@link OffLoopWatchClose}): for
   * tests that close a client whose informer is watching while others go on. The caller destroys
   * it.
   */
  @SuppressWarnings("deprecation") // the mapper the extension gives its server, for the same JSON
  public static KubernetesMockServer crudServer() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new OffLoopWatchClose(),
            true);
    server.init();
    return server;
  }

  /** Takes every request the server has recorded since the last call. */
  public static List<RecordedRequest> drainRequests(KubernetesMockServer server)
      throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  /** How many of {@code requests} are {@code method} on a path that contains {@code pathPart}. */
  public static long count(List<RecordedRequest> requests, String method, String pathPart) {
    return requests.stream()
        .filter(r -> r.getMethod().equals(method) && r.getPath().contains(pathPart))
        .count();
  }
}
