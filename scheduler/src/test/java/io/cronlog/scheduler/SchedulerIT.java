package io.cronlog.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CreateJob;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduler on a real broker, alone: hand-written states on {@code cronlog.state}, and the
 * commands it publishes read back from {@code cronlog.commands}. Where a test needs the executor
 * and the watcher to confirm runs, {@link StateTopic} mirrors each CreateJob into the state.
 */
@ExtendWith(KafkaExtension.class)
class SchedulerIT {

  static final Duration WAIT = Duration.ofSeconds(45);
  static final int PARTITIONS = 3;

  final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  @Test
  void restartedSchedulerPublishesOneCreateJobPerScheduledTime(KafkaFixture kafka)
      throws Exception {
    StateTopic states = states(kafka, PARTITIONS);
    Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    states.put(StateTopic.scheduledJob("restarted", "@every 5s", created), null);
    states.flush();
    CreatedRuns runs = runs(kafka);

    // No executor acts: the state never shows a run, as when the executor or the watcher lag.
    SchedulerService first = start(kafka);
    CreateJob firstRun = runs.await(run -> true, WAIT);
    first.close();
    SchedulerService second = start(kafka);
    CreateJob secondRun = runs.await(run -> true, WAIT);
    second.close();
    Instant dueWhileDown = secondRun.scheduledTime().plusSeconds(5);
    await().atMost(WAIT).until(() -> Instant.now().isAfter(dueWhileDown.plusSeconds(1)));
    SchedulerService third = start(kafka);
    CreateJob missedRun = runs.await(run -> true, WAIT);
    CreateJob afterMissed = runs.await(run -> true, WAIT);
    third.close();

    assertThat(List.of(firstRun, secondRun, missedRun, afterMissed))
        .extracting(CreateJob::scheduledTime)
        .containsExactly(
            created.plusSeconds(5),
            created.plusSeconds(10),
            created.plusSeconds(15),
            created.plusSeconds(20));
    assertThat(createJobsPerScheduledTime(kafka))
        .allSatisfy((run, count) -> assertThat(count).as(run).isOne());
  }

  @Test
  void reportsItsRestoresDecisionsAndCommandsOnItsMeters(KafkaFixture kafka) throws Exception {
    StateTopic states = states(kafka, PARTITIONS);
    states.put(
        StateTopic.scheduledJob(
            "metered", "@every 2s", Instant.now().truncatedTo(ChronoUnit.SECONDS)),
        null);
    states.flush();
    CreatedRuns runs = runs(kafka);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    start(kafka, registry);
    runs.await(run -> true, WAIT);
    runs.await(run -> true, WAIT);

    String scraped = registry.scrape();
    assertThat(scraped)
        .contains(
            "cronlog_scheduler_scheduled_jobs 1.0",
            "cronlog_scheduler_partition_restore_duration_seconds_count " + PARTITIONS,
            "cronlog_scheduler_run_decision_lateness_seconds_bucket{le=\"+Inf\"}",
            "cronlog_scheduler_decision_queue ");
    assertThat(counter(scraped, "cronlog_scheduler_run_decision_lateness_seconds_count"))
        .isGreaterThanOrEqualTo(2);
    assertThat(counter(scraped, "cronlog_scheduler_commands_published_total{type=\"CreateJob\"}"))
        .isGreaterThanOrEqualTo(2);
  }

  /** The value of the sample {@code name} in Prometheus text. */
  private static double counter(String scraped, String name) {
    return scraped
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .findFirst()
        .map(line -> Double.parseDouble(line.substring(name.length() + 1)))
        .orElseThrow();
  }

  @Test
  void scheduleEditFiresNoRetroactiveRun(KafkaFixture kafka) throws Exception {
    StateTopic states = states(kafka, PARTITIONS);
    ScheduledJob sj =
        StateTopic.scheduledJob("edited", "@every 1h", Instant.now().minus(Duration.ofMinutes(10)));
    states.put(sj, null);
    states.flush();
    CreatedRuns runs = runs(kafka);
    SchedulerService scheduler = start(kafka);
    await()
        .atMost(WAIT)
        .until(
            () ->
                scheduler.health().ready()
                    && scheduler.health().livePartitions().size() == PARTITIONS);

    // Under the new schedule, 200 times were due since the creation; none may run.
    Instant edited = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    sj.getSpec().setSchedule("@every 3s");
    sj.getMetadata().setGeneration(2L);
    states.put(sj, edited);
    states.flush();
    CreateJob firstRun = runs.await(run -> true, WAIT);

    assertThat(firstRun.scheduledTime()).isEqualTo(edited.plusSeconds(3));
  }

  @Test
  void poisonStateRecordsGoToTheDeadLettersAndEveryOtherScheduledJobKeepsRunning(KafkaFixture kafka)
      throws Exception {
    StateTopic states = states(kafka, PARTITIONS);
    kafka.createTopics(PARTITIONS, "dead-letter");
    Instant created = Instant.now().minus(Duration.ofMinutes(1));
    states.sendRaw("no-slash", "{}".getBytes(StandardCharsets.UTF_8));
    states.sendRaw("team-a/", null);
    states.sendRaw("team-a/garbage", "not json".getBytes(StandardCharsets.UTF_8));
    states.sendRaw(
        "team-a/future",
        "{\"schemaVersion\":2,\"type\":\"ScheduledJobState\"}".getBytes(StandardCharsets.UTF_8));
    states.putUnderKey("team-a/forged", StateTopic.scheduledJob("victim", "@every 2s", created));
    List<String> healthy = List.of("healthy-1", "healthy-2", "healthy-3");
    healthy.forEach(name -> states.put(StateTopic.scheduledJob(name, "@every 2s", created), null));
    states.flush();
    CreatedRuns runs = runs(kafka);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SchedulerService scheduler = start(kafka, registry);

    await()
        .atMost(WAIT)
        .until(
            () ->
                scheduler.health().ready()
                    && scheduler.health().livePartitions().size() == PARTITIONS);
    awaitRunOfEach(runs, healthy, Instant.now());
    assertThat(CreatedRunsOnTopic.createJobs(kafka))
        .noneMatch(
            run -> run.target().name().equals("victim") || run.target().name().equals("forged"));
    List<String> reasons = new ArrayList<>();
    for (String value : kafka.readAllValues(kafka.topic("dead-letter"))) {
      DeadLetter letter =
          new RecordCodec().decode(value.getBytes(StandardCharsets.UTF_8), DeadLetter.class);
      reasons.add(letter.key() + ": " + letter.reason());
    }
    assertThat(reasons)
        .hasSize(5)
        .anySatisfy(r -> assertThat(r).startsWith("no-slash: record key 'no-slash' is not"))
        .anySatisfy(r -> assertThat(r).startsWith("team-a/: record key 'team-a/' is not"))
        .anySatisfy(r -> assertThat(r).startsWith("team-a/garbage: "))
        .anySatisfy(r -> assertThat(r).contains("schemaVersion"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "team-a/forged: record key 'team-a/forged' is not the key of the "
                            + "ScheduledJob it holds, team-a/victim"));
    assertThat(registry.get("cronlog.scheduler.dead.letters").counter().count()).isEqualTo(5.0);

    // The poison stays in the topic: a restarted scheduler restores through it again, and so do
    // both sides of a rebalance when a second scheduler joins.
    scheduler.close();
    SchedulerService restarted = start(kafka);
    await()
        .atMost(WAIT)
        .until(
            () ->
                restarted.health().ready()
                    && restarted.health().livePartitions().size() == PARTITIONS);
    awaitRunOfEach(runs, healthy, Instant.now());
    SchedulerService joined = start(kafka);
    await()
        .atMost(WAIT)
        .until(
            () ->
                joined.health().ready()
                    && !joined.health().livePartitions().isEmpty()
                    && restarted.health().livePartitions().size()
                            + joined.health().livePartitions().size()
                        == PARTITIONS);
    awaitRunOfEach(runs, healthy, Instant.now());
  }

  @Test
  void poisonAndForgedCommandsFoundAtRestoreNeitherStopNorHoldBackScheduling(KafkaFixture kafka)
      throws Exception {
    StateTopic states = states(kafka, PARTITIONS);
    kafka.createTopics(PARTITIONS, "dead-letter");
    Instant created = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    ScheduledJob guarded = StateTopic.scheduledJob("guarded", "@every 2s", created);
    guarded.getSpec().setConcurrencyPolicy(ConcurrencyPolicy.Forbid);
    states.put(guarded, null);
    RecordCodec codec = new RecordCodec();
    // On the schedule and decades ahead: taken as a run in flight, it would hold back every run
    // under Forbid.
    Instant decadesAhead = created.plus(Duration.ofSeconds(2L * 1_000_000_000L));
    ScheduledJobRef ref = ScheduledJobRef.of(guarded);
    states.sendRawCommand(
        "team-a/guarded",
        codec.encode(CreateJob.forRun(ref, decadesAhead, RunReason.SCHEDULED, null, decadesAhead)));
    states.sendRawCommand("no-slash", "{}".getBytes(StandardCharsets.UTF_8));
    states.sendRawCommand("team-a/guarded", "not json".getBytes(StandardCharsets.UTF_8));
    states.sendRawCommand(
        "team-a/guarded",
        "{\"schemaVersion\":2,\"type\":\"CreateJob\"}".getBytes(StandardCharsets.UTF_8));
    ScheduledJobRef other = new ScheduledJobRef("team-a", "other", "uid-of-other");
    states.sendRawCommand(
        "team-a/guarded",
        codec.encode(CreateJob.forRun(other, created, RunReason.SCHEDULED, null, created)));
    states.flush();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    start(kafka, registry);

    // Counted on the meter: the topic itself now holds commands no reader of it can decode.
    await()
        .atMost(WAIT)
        .until(
            () ->
                registry
                        .find("cronlog.scheduler.commands.published")
                        .tag("type", "CreateJob")
                        .counters()
                        .stream()
                        .mapToDouble(c -> c.count())
                        .sum()
                    >= 1);
    List<String> reasons = new ArrayList<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              reasons.clear();
              for (String value : kafka.readAllValues(kafka.topic("dead-letter"))) {
                DeadLetter letter =
                    codec.decode(value.getBytes(StandardCharsets.UTF_8), DeadLetter.class);
                reasons.add(letter.key() + ": " + letter.reason());
              }
              assertThat(reasons).hasSize(4);
            });
    assertThat(reasons)
        .anySatisfy(r -> assertThat(r).startsWith("no-slash: record key 'no-slash' is not"))
        .anySatisfy(r -> assertThat(r).startsWith("team-a/guarded: not JSON"))
        .anySatisfy(r -> assertThat(r).contains("schemaVersion"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "team-a/guarded: record key 'team-a/guarded' is not the command's"
                            + " target team-a/other"));
    assertThat(registry.get("cronlog.scheduler.dead.letters").counter().count()).isEqualTo(4.0);
  }

  @Test
  void rebalanceBetweenTwoSchedulersLosesNoRunAndDoublesNone(KafkaFixture kafka) throws Exception {
    int partitions = 6;
    StateTopic states = states(kafka, partitions);
    Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<String> names = IntStream.range(0, 8).mapToObj(i -> "sj-" + i).toList();
    names.forEach(name -> states.put(StateTopic.scheduledJob(name, "@every 2s", created), null));
    states.flush();
    states.startMirroring();
    CreatedRuns runs = runs(kafka);

    SchedulerService first = start(kafka);
    awaitRunOfEach(runs, names, created);
    SchedulerService second = start(kafka);
    await()
        .atMost(WAIT)
        .until(
            () ->
                !second.health().livePartitions().isEmpty()
                    && first.health().livePartitions().size()
                            + second.health().livePartitions().size()
                        == partitions);
    awaitRunOfEach(runs, names, Instant.now());
    first.close();
    Instant handedOver = Instant.now();
    await().atMost(WAIT).until(() -> second.health().livePartitions().size() == partitions);
    awaitRunOfEach(runs, names, handedOver.plusSeconds(2));
    second.close();

    Map<String, Long> perRun = createJobsPerScheduledTime(kafka);
    assertThat(perRun).allSatisfy((run, count) -> assertThat(count).as(run).isOne());
    // Every run is a fire time of the schedule: missed times are skipped as Kubernetes does, not
    // shifted.
    assertThat(CreatedRunsOnTopic.createJobs(kafka))
        .allSatisfy(
            run ->
                assertThat(Duration.between(created, run.scheduledTime()).toSeconds() % 2)
                    .isZero());
  }

  private void awaitRunOfEach(CreatedRuns runs, List<String> names, Instant after)
      throws InterruptedException {
    for (String name : names) {
      runs.await(
          run -> run.target().name().equals(name) && run.scheduledTime().isAfter(after), WAIT);
    }
  }

  private Map<String, Long> createJobsPerScheduledTime(KafkaFixture kafka) {
    return CreatedRunsOnTopic.createJobs(kafka).stream()
        .collect(
            Collectors.groupingBy(
                run -> run.target().name() + "@" + run.scheduledTime(), Collectors.counting()));
  }

  private StateTopic states(KafkaFixture kafka, int partitions) {
    kafka.createTopics(partitions, "events", "state", "commands", "outcomes");
    StateTopic states =
        new StateTopic(kafka.bootstrapServers(), kafka.topic("state"), kafka.topic("commands"));
    closeAfter.add(states);
    return states;
  }

  private CreatedRuns runs(KafkaFixture kafka) {
    CreatedRuns runs = new CreatedRuns(kafka.bootstrapServers(), kafka.topic("commands"));
    closeAfter.add(runs);
    return runs;
  }

  private SchedulerService start(KafkaFixture kafka) throws Exception {
    return start(kafka, new SimpleMeterRegistry());
  }

  private SchedulerService start(KafkaFixture kafka, MeterRegistry registry) throws Exception {
    SchedulerService scheduler =
        new SchedulerService(
            SchedulerConfig.fromEnvironment(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    kafka.bootstrapServers(),
                    "CRONLOG_TOPIC_PREFIX",
                    kafka.topicPrefix(),
                    SchedulerConfig.GROUP_ID,
                    kafka.topicPrefix() + "schedulers",
                    SchedulerConfig.SAFETY_CHECK_INTERVAL,
                    "5")),
            Clock.systemUTC(),
            registry);
    closeAfter.add(scheduler);
    scheduler.start();
    return scheduler;
  }

  /** Reads every CreateJob on the commands topic, after the fact. */
  static final class CreatedRunsOnTopic {
    static List<CreateJob> createJobs(KafkaFixture kafka) {
      return kafka.readAllValues(kafka.topic("commands")).stream()
          .map(CreatedRuns::decode)
          .filter(CreateJob.class::isInstance)
          .map(CreateJob.class::cast)
          .toList();
    }
  }
}
