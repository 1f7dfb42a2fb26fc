package io.cronlog.scheduler.bench;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.records.JobPhase;
import io.cronlog.records.JobSummary;
import io.cronlog.scheduler.StateTopic;
import io.cronlog.scheduler.decide.Decider;
import io.cronlog.scheduler.decide.Decision;
import io.cronlog.scheduler.decide.Situation;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Decisions per second of {@link Decider} on a typical mix: five schedule shapes, three zones, the
 * three concurrency policies, up to six finished Jobs (so history limits delete some) and sometimes
 * one running, at instants where about one decision in five starts a run. Prints figures; asserts
 * nothing. Args: [seconds to measure, default 10].
 */
public final class DecideBenchmark {

  private static final String[] SCHEDULES = {
    "*/5 * * * *", "0 * * * *", "30 10 * * 1-5", "@every 1h", "0 0 1 * *"
  };
  private static final String[] ZONES = {null, "Europe/Berlin", "America/New_York"};
  private static final ConcurrencyPolicy[] POLICIES = ConcurrencyPolicy.values();

  private DecideBenchmark() {}

  public static void main(String[] args) {
    Duration measure = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    List<Situation> situations = situations(1_000, new Random(42));
    Decider decider = new Decider();
    long runs = situations.stream().filter(s -> decider.decide(s).run().isPresent()).count();
    System.out.printf("mix: %d situations, %d of them start a run%n", situations.size(), runs);
    run(decider, situations, Duration.ofSeconds(3)); // warm-up
    long[] result = run(decider, situations, measure);
    System.out.printf(
        "Decider: %,d decisions in %.1f s = %,d decisions/s (%,d commands)%n",
        result[0], result[1] / 1e9, (long) (result[0] / (result[1] / 1e9)), result[2]);
    // On a shared machine the wall-clock rate follows the load; the thread's CPU time does not.
    System.out.printf(
        "Decider: %.1f s of CPU = %,d decisions per CPU-second, %.1f us each%n",
        result[3] / 1e9, (long) (result[0] / (result[3] / 1e9)), result[3] / 1e3 / result[0]);
  }

  private static long[] run(Decider decider, List<Situation> situations, Duration duration) {
    long decisions = 0;
    long commands = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      for (Situation situation : situations) {
        Decision decision = decider.decide(situation);
        commands += decision.commands().size();
        decisions++;
      }
    }
    return new long[] {
      decisions, System.nanoTime() - start, commands, threads.getCurrentThreadCpuTime() - cpuStart
    };
  }

  private static List<Situation> situations(int count, Random random) {
    Instant base = Instant.parse("2026-03-02T09:00:00Z");
    List<Situation> situations = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant created = base.minus(Duration.ofDays(30));
      ScheduledJob sj =
          StateTopic.scheduledJob("sj-" + i, SCHEDULES[i % SCHEDULES.length], created);
      sj.getSpec().setTimeZone(ZONES[i % ZONES.length]);
      sj.getSpec().setConcurrencyPolicy(POLICIES[i % POLICIES.length]);
      // About one in five is due: its last run was an hour before the decision, the rest 1 s ago.
      Instant now = base.plusSeconds(random.nextInt(86_400 * 5));
      boolean due = random.nextInt(5) == 0;
      Instant last = due ? now.minus(Duration.ofHours(2)) : now.minusSeconds(1);
      sj.getStatus().setLastScheduleTime(last.toString());
      List<JobSummary> jobs = new ArrayList<>();
      int finished = random.nextInt(7);
      for (int j = 0; j < finished; j++) {
        Instant t = last.minus(Duration.ofMinutes(5L * (j + 1)));
        jobs.add(
            new JobSummary(
                Runs.jobName(sj.getMetadata().getName(), t),
                "uid-" + i + "-" + j,
                "1",
                t,
                t,
                t,
                t.plusSeconds(30),
                j % 3 == 2 ? JobPhase.FAILED : JobPhase.SUCCEEDED));
      }
      if (random.nextInt(4) == 0) {
        JobSummary active =
            new JobSummary(
                Runs.jobName(sj.getMetadata().getName(), last),
                "uid-" + i + "-a",
                "1",
                last,
                last,
                last,
                null,
                JobPhase.ACTIVE);
        jobs.add(active);
        sj.getStatus()
            .getActive()
            .add(
                new ObjectReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withNamespace("team-a")
                    .withName(active.name())
                    .withUid(active.uid())
                    .build());
      }
      situations.add(new Situation(sj, jobs, null, Set.of(), now));
    }
    return situations;
  }
}
