package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hundreds of runs due in the same minute on the dev stack (its API, the three services with the
 * settings {@code cronlog dev} gives them, a real broker): every one gets its Job, exactly once.
 * How late they came is printed, never asserted (see docs/benchmarks/executor.md for figures).
 */
@ExtendWith(KafkaExtension.class)
class BurstDevIT {

  private static final Logger LOG = LoggerFactory.getLogger(BurstDevIT.class);
  private static final int SCHEDULED_JOBS = 300;
  private static final String NAMESPACE = "default";

  @Test
  void threeHundredRunsDueInTheSameMinuteEachGetTheirJobExactlyOnce(KafkaFixture kafka)
      throws Exception {
    try (DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      DevStack.installCrd(client);
      try (Services services =
          Services.start(api, ServiceEnvironment.of(kafka), Clock.systemUTC())) {
        List<ScheduledJob> created = createEveryMinute(client, SCHEDULED_JOBS);
        Instant due =
            created.stream()
                .map(sj -> Instant.parse(sj.getMetadata().getCreationTimestamp()))
                .max(Comparator.naturalOrder())
                .orElseThrow()
                .truncatedTo(ChronoUnit.MINUTES)
                .plus(1, ChronoUnit.MINUTES);

        Map<String, Job> jobsOfTheMinute =
            await()
                .atMost(Duration.between(Instant.now(), due).plusMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> jobsScheduledAt(client, due), jobs -> jobs.size() >= SCHEDULED_JOBS);

        assertThat(jobsOfTheMinute.keySet())
            .containsExactlyInAnyOrderElementsOf(
                created.stream().map(sj -> Runs.jobName(sj.getMetadata().getName(), due)).toList());
        LOG.info(
            "{} Jobs due at {}: {}", SCHEDULED_JOBS, due, lateness(jobsOfTheMinute.values(), due));
        // Exactly once in the trail too: one CREATED per run, whatever the retries and
        // redeliveries.
        await()
            .atMost(Duration.ofMinutes(2))
            .untilAsserted(
                () ->
                    assertThat(createdPerJob(kafka, due))
                        .hasSize(SCHEDULED_JOBS)
                        .allSatisfy((job, count) -> assertThat(count).as(job).isOne()));
      }
    }
  }

  private static List<ScheduledJob> createEveryMinute(KubernetesClient client, int count)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<ScheduledJob>> creating =
          IntStream.range(0, count)
              .mapToObj(
                  i -> threads.submit(() -> client.resource(everyMinute("burst-" + i)).create()))
              .toList();
      List<ScheduledJob> created = new ArrayList<>();
      for (Future<ScheduledJob> f : creating) {
        created.add(f.get());
      }
      return created;
    } finally {
      threads.shutdownNow();
    }
  }

  private static ScheduledJob everyMinute(String name) {
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("* * * * *");
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1.36")
            .withCommand("date")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
    sj.setSpec(spec);
    return sj;
  }

  private static Map<String, Job> jobsScheduledAt(KubernetesClient client, Instant due) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(
            job ->
                due.toString()
                    .equals(job.getMetadata().getAnnotations().get(Runs.SCHEDULED_AT_ANNOTATION)))
        .collect(Collectors.toMap(job -> job.getMetadata().getName(), Function.identity()));
  }

  /** How many outcomes say CREATED for each Job of the minute. */
  private static Map<String, Long> createdPerJob(KafkaFixture kafka, Instant due) throws Exception {
    RecordCodec codec = new RecordCodec();
    String suffix = Runs.jobName("x", due).substring(1);
    List<CommandOutcome> outcomes = new ArrayList<>();
    for (String value : kafka.readAllValues(kafka.topic("outcomes"))) {
      outcomes.add(codec.decode(value.getBytes(StandardCharsets.UTF_8), CommandOutcome.class));
    }
    return outcomes.stream()
        .filter(
            o ->
                o.result() == CommandOutcome.Result.CREATED
                    && o.jobName() != null
                    && o.jobName().endsWith(suffix))
        .collect(Collectors.groupingBy(CommandOutcome::jobName, Collectors.counting()));
  }

  /**
   * The creation times' p50, p99 and last, in seconds after the due time (the API's 1 s
   * resolution).
   */
  private static String lateness(Collection<Job> jobs, Instant due) {
    List<Long> late =
        jobs.stream()
            .map(
                job ->
                    Duration.between(due, Instant.parse(job.getMetadata().getCreationTimestamp()))
                        .toSeconds())
            .sorted()
            .toList();
    return "created p50 "
        + late.get(late.size() / 2)
        + " s, p99 "
        + late.get((int) (late.size() * 0.99) - 1)
        + " s, last "
        + late.get(late.size() - 1)
        + " s after the due time";
  }
}
