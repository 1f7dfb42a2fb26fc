package io.cronlog.executor.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.api.SpecProblems;
import io.cronlog.executor.MockApi;
import io.cronlog.executor.act.RunJobs;
import io.cronlog.executor.act.ScheduleFireTimeCheck;
import io.cronlog.executor.act.ScheduledJobCache;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.RunReason;
import io.cronlog.records.ScheduledJobRef;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.schedule.Schedule;
import io.cronlog.testsupport.TeamJobTemplate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * What each step of one CreateJob's path through the executor costs on one thread, in microseconds,
 * apart from the API and Kafka: the steps an end-to-end burst pays beyond a bare client's create
 * ({@code ExecutorBenchmark}'s raw phase builds and sends the same Job, so it pays the Job's build
 * and serialization too). Each step runs for a warm-up, then is timed; each result feeds a checksum
 * that is printed, so the JIT cannot drop the work. Prints figures; asserts nothing.
 *
 * <p>Arguments (optional): seconds of warm-up per step (default 3), seconds timed (default 3).
 */
public final class CommandPathBenchmark {

  private static final RecordCodec CODEC = new RecordCodec();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static long checksum;

  private CommandPathBenchmark() {}

  public static void main(String[] args) {
    double warmUp = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    double timed = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    for (boolean team : new boolean[] {false, true}) {
      ScheduledJob live = cached(team);
      Instant fire = MockApi.latestYearlyFireTime();
      CreateJob command =
          CreateJob.forRun(ScheduledJobRef.of(live), fire, RunReason.SCHEDULED, null, fire);
      byte[] encoded = CODEC.encode(command);
      Job job = RunJobs.jobFor(live, command);
      ScheduleFireTimeCheck fireTimes = new ScheduleFireTimeCheck();

      Map<String, IntSupplier> steps = new LinkedHashMap<>();
      steps.put("decode the command", () -> decode(encoded).id().length());
      ScheduledJobCache cache = ScheduledJobCache.frozen(live);
      steps.put(
          "copy the cached ScheduledJob",
          () -> cache.copyOf(command.target()).orElseThrow().getMetadata().getName().length());
      steps.put("check the spec (SpecProblems)", () -> SpecProblems.of(live).size());
      steps.put("parse the schedule", () -> parse(live).hashCode());
      steps.put(
          "check the fire time", () -> fireTimes.refusal(live, command.scheduledTime()).hashCode());
      steps.put("build the Job", () -> RunJobs.jobFor(live, command).getMetadata().hashCode());
      steps.put("serialize the Job (fabric8)", () -> SERIALIZATION.asJson(job).length());
      steps.put(
          "encode the outcome",
          () ->
              CODEC.encode(
                      CommandOutcome.of(
                              command,
                              1,
                              CommandOutcome.Result.CREATED,
                              "created Job x",
                              false,
                              Instant.now())
                          .withJob(job.getMetadata().getName(), "uid"))
                  .length);

      System.out.printf(
          "%nOne CreateJob, %s template (%d bytes of command, %d of Job JSON), one thread:%n",
          team ? "a realistic (TeamJobTemplate)" : "the ExecutorBenchmark",
          encoded.length,
          SERIALIZATION.asJson(job).length());
      System.out.printf("%-34s %10s%n", "step", "µs/op");
      steps.forEach(
          (name, step) ->
              System.out.printf("%-34s %10.1f%n", name, microsPerOp(step, warmUp, timed)));
    }
    System.out.println("(checksum " + checksum + ")");
  }

  private static CommandRecord decode(byte[] encoded) {
    try {
      return CODEC.decode(encoded, CommandRecord.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schedule parse(ScheduledJob live) {
    try {
      return Schedule.parse(live.getSpec().getSchedule(), live.getSpec().getTimeZone());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A ScheduledJob as the cache holds it once the API has created it and a run has started. */
  private static ScheduledJob cached(boolean team) {
    ScheduledJob sj = MockApi.scheduledJob(BenchApi.NAMESPACE, "report", MockApi.YEARLY, null);
    if (team) {
      sj.getSpec().setJobTemplate(TeamJobTemplate.of("report", "registry.example.com/r:1.4.2"));
    }
    sj.setMetadata(
        new ObjectMetaBuilder(sj.getMetadata())
            .withUid(UUID.randomUUID().toString())
            .withResourceVersion("42")
            .withGeneration(1L)
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .build());
    ScheduledJobStatus status = new ScheduledJobStatus();
    status.setLastScheduleTime("2025-01-01T00:00:00Z");
    sj.setStatus(status);
    return sj;
  }

  /**
   * Runs {@code step} for {@code warmUp} seconds, then {@code timed} seconds, timing the latter.
   */
  private static double microsPerOp(IntSupplier step, double warmUp, double timed) {
    run(step, warmUp);
    long[] opsAndNanos = run(step, timed);
    return opsAndNanos[1] / 1e3 / opsAndNanos[0];
  }

  private static long[] run(IntSupplier step, double seconds) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long ops = 0;
    long now;
    int sum = 0;
    do {
      for (int i = 0; i < 100; i++) {
        sum += step.getAsInt();
      }
      ops += 100;
      now = System.nanoTime();
    } while (now < end);
    checksum += sum;
    return new long[] {ops, now - start};
  }
}
