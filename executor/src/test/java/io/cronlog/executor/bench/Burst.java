package io.cronlog.executor.bench;

import io.cronlog.executor.Executor;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.records.CommandOutcome;
import io.cronlog.records.CreateJob;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.TopicBootstrap;
import io.cronlog.testsupport.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One measured burst: executors that have settled in their group, then every command at once on
 * {@code cronlog.commands}; timed from the first send to the last outcome read back.
 */
final class Burst {

  private static final Duration GROUP_SETTLE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration OUTCOMES_TIMEOUT = Duration.ofMinutes(10);

  /**
   * What a burst came to: {@code seconds} until the last outcome (a run's outcome follows its
   * status write and Event), when the Jobs appeared (p50, p99, last; NaN when not watched), the CPU
   * per Job until the last appeared ({@link CpuUse#perJobSince}; empty when not watched), and the
   * share of that time the JIT compilers worked (NaN when not watched).
   */
  record Result(
      int commands,
      double seconds,
      Map<CommandOutcome.Result, Integer> outcomes,
      double[] created,
      String cpuUntilCreated,
      double compilingShare) {

    double perSecond() {
      return commands / seconds;
    }

    /** Jobs created per second: the commands over the time until the last Job appeared. */
    double createdPerSecond() {
      return commands / created[2];
    }
  }

  private final RecordCodec codec = new RecordCodec();
  private final ExecutorConfig config;

  Burst(ExecutorConfig config) {
    this.config = config;
  }

  /**
   * Starts {@code executors} executors made by {@code factory}, waits until the group has settled,
   * sends {@code commands} and waits for one outcome per command.
   */
  Result run(int executors, Function<ExecutorConfig, Executor> factory, List<CreateJob> commands)
      throws Exception {
    return run(executors, factory, commands, null, null);
  }

  /**
   * {@link #run}, timing when the Jobs appear in the API by {@code arrivals} and the CPU spent
   * until the last appeared by {@code cpuUse}.
   */
  Result run(
      int executors,
      Function<ExecutorConfig, Executor> factory,
      List<CreateJob> commands,
      JobArrivals arrivals,
      Supplier<CpuUse> cpuUse)
      throws Exception {
    try (Admin admin = Admin.create(config.kafka().clientProperties())) {
      new TopicBootstrap(admin, config.kafka().topics(), config.kafka().topicSettings())
          .ensureTopics();
      List<Executor> started =
          IntStream.range(0, executors).mapToObj(i -> factory.apply(config)).toList();
      try {
        started.forEach(Executor::start);
        awaitSettled(admin, executors);
        return sendAndTime(commands, arrivals, cpuUse);
      } finally {
        started.forEach(Executor::close);
      }
    }
  }

  private Result sendAndTime(
      List<CreateJob> commands, JobArrivals arrivals, Supplier<CpuUse> cpuUse) throws Exception {
    String bootstrap = config.kafka().bootstrapServers();
    try (TopicReader outcomes = TopicReader.start(bootstrap, config.kafka().topics().outcomes());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                config.producerProperties(), new StringSerializer(), new ByteArraySerializer())) {
      CpuUse cpu = cpuUse == null ? null : cpuUse.get();
      if (arrivals != null) {
        PhaseProfile.configured().start();
      }
      long start = System.nanoTime();
      for (CreateJob command : commands) {
        producer.send(
            new ProducerRecord<>(
                config.kafka().topics().commands(),
                command.target().key().toString(),
                codec.encode(command)));
      }
      producer.flush();
      double[] created = {Double.NaN, Double.NaN, Double.NaN};
      String cpuUntilCreated = "";
      double compilingShare = Double.NaN;
      if (arrivals != null) {
        created = arrivals.secondsAt(commands.size(), start, OUTCOMES_TIMEOUT, 0.5, 0.99, 1.0);
        PhaseProfile.configured().stop("end-to-end");
        CpuUse end = cpuUse.get();
        cpuUntilCreated = end.perJobSince(cpu, commands.size(), BenchApi.CPU_GROUPS_SHOWN);
        compilingShare = end.compilationMillisSince(cpu) / (created[2] * 1000);
      }
      List<String> values = outcomes.takeValues(commands.size(), OUTCOMES_TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<CommandOutcome.Result, Integer> counts = new EnumMap<>(CommandOutcome.Result.class);
      for (String value : values) {
        CommandOutcome outcome =
            codec.decode(value.getBytes(StandardCharsets.UTF_8), CommandOutcome.class);
        counts.merge(outcome.result(), 1, Integer::sum);
      }
      return new Result(commands.size(), seconds, counts, created, cpuUntilCreated, compilingShare);
    }
  }

  /**
   * Waits until every executor is a member of the stable group and the partitions are all assigned.
   */
  private void awaitSettled(Admin admin, int executors) throws Exception {
    long deadline = System.nanoTime() + GROUP_SETTLE_TIMEOUT.toNanos();
    int partitions = config.kafka().topicSettings().partitions();
    while (System.nanoTime() < deadline) {
      ConsumerGroupDescription group;
      try {
        group =
            admin
                .describeConsumerGroups(List.of(config.groupId()))
                .all()
                .get()
                .get(config.groupId());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
          throw e;
        }
        // No executor has joined yet.
        TimeUnit.MILLISECONDS.sleep(100);
        continue;
      }
      Set<Integer> assigned =
          group.members().stream()
              .map(MemberDescription::assignment)
              .flatMap(a -> a.topicPartitions().stream())
              .map(tp -> tp.partition())
              .collect(Collectors.toSet());
      if (group.groupState() == GroupState.STABLE
          && group.members().size() == executors
          && assigned.size() == partitions) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException(
        "the executors' group did not settle within " + GROUP_SETTLE_TIMEOUT);
  }
}
