package io.cronlog.scheduler.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.scheduler.SchedulerService;
import io.cronlog.scheduler.StateTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Timer precision: N ScheduledJobs (default 10,000) all due at the same minute; for each CreateJob,
 * the time the scheduler decided it (the command's {@code time}) and the time Kafka appended it
 * (the broker's log-append time, read from the record) minus its scheduled time; p50, p99 and max.
 * Prints figures; asserts nothing. Args: [N].
 */
public final class TimerPrecisionBenchmark {

  /** Time enough to start the scheduler and restore 10,000 ScheduledJobs here (6 to 12 s). */
  private static final Duration RESTORE_ALLOWANCE = Duration.ofSeconds(20);

  private TimerPrecisionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    System.out.println(BenchBroker.jitSetting());
    try (BenchBroker broker = new BenchBroker();
        StateTopic states = broker.states()) {
      Instant created = startOfARestore().minusSeconds(1);
      List<ScheduledJob> jobs =
          IntStream.range(0, size)
              .mapToObj(i -> StateTopic.scheduledJob("sj-" + i, "* * * * *", created))
              .toList();
      states.putAll(jobs);
      try (SchedulerService scheduler = broker.scheduler()) {
        scheduler.start();
        BenchBroker.awaitTrue(
            () -> scheduler.health().livePartitions().size() == BenchBroker.PARTITIONS,
            Duration.ofMinutes(5));
        Instant restored = Instant.now();
        Instant due = restored.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        System.out.printf(
            "%,d ScheduledJobs restored at %s, %.1f s before all are due at %s%n",
            size, restored, Duration.between(restored, due).toMillis() / 1e3, due);
        if (!restored
            .truncatedTo(ChronoUnit.MINUTES)
            .equals(created.truncatedTo(ChronoUnit.MINUTES))) {
          System.out.println(
              "NOT COMPARABLE: the restore ended a minute after they were created, so it sent that"
                  + " minute's runs and warmed the code the burst runs on");
        }
        long cpuBefore = BenchBroker.schedulerCpuNanos();
        List<long[]> lags = collect(broker, due, size);
        System.out.printf(
            "CPU of the scheduler's threads from restored to the last run decided: %,d ms%n",
            (BenchBroker.schedulerCpuNanos() - cpuBefore) / 1_000_000);
        print("decided (CreateJob.time - scheduled)", lags.stream().mapToLong(l -> l[0]).toArray());
        print(
            "appended (log-append time - scheduled)", lags.stream().mapToLong(l -> l[1]).toArray());
      }
    }
    System.exit(0); // the broker's and Quartz's non-daemon threads
  }

  /**
   * Now, or two seconds into the next minute when less than {@link #RESTORE_ALLOWANCE} is left of
   * this one. ScheduledJobs created before a minute that their restore ends after have that
   * minute's run decided at the restore, late: ten thousand commands sent then compile the code the
   * measured burst runs on, which a scheduler restored without missed runs has not compiled.
   */
  private static Instant startOfARestore() throws InterruptedException {
    Instant now = Instant.now();
    Duration left = Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));
    if (left.compareTo(RESTORE_ALLOWANCE) < 0) {
      Thread.sleep(left.plusSeconds(2).toMillis());
    }
    return Instant.now();
  }

  /**
   * Waits until the burst is over: past the due time, the topic's end offsets unchanged for a
   * second. What is measured (the decided and the append times) is in the records, so reading them
   * afterwards changes nothing; reading them during the burst took a quarter of the CPU samples of
   * its seconds (JFR), on the cores the scheduler was measured on.
   */
  private static void awaitQuiet(
      KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Instant due,
      long deadline) {
    Map<TopicPartition, Long> last = Map.of();
    int unchanged = 0;
    while (unchanged < 4 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (Instant.now().isBefore(due.plusMillis(500))) {
        continue;
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      unchanged = ends.equals(last) ? unchanged + 1 : 0;
      last = ends;
    }
  }

  /**
   * Reads the commands topic until {@code size} CreateJobs for {@code due} arrived: their lags in
   * ms. Read once the burst is over ({@link #awaitQuiet}).
   */
  private static List<long[]> collect(BenchBroker broker, Instant due, int size) {
    RecordCodec codec = new RecordCodec();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.kafka.bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<long[]> lags = new ArrayList<>(size);
    List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>();
    boolean burstOver = false;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          IntStream.range(0, BenchBroker.PARTITIONS)
              .mapToObj(p -> new TopicPartition(broker.prefix + "commands", p))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline =
          System.nanoTime() + Duration.between(Instant.now(), due).plusMinutes(3).toNanos();
      awaitQuiet(consumer, partitions, due, deadline);
      while (lags.size() < size && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (contains(record.value(), CREATE_JOB)) {
            kept.add(record);
          }
        }
        burstOver |= kept.size() >= size;
        if (burstOver) { // as many CreateJobs as were due: decode them, and any that come late
          for (ConsumerRecord<String, byte[]> record : kept) {
            CommandRecord command = codec.decode(record.value(), CommandRecord.class);
            if (command instanceof CreateJob run && run.scheduledTime().equals(due)) {
              lags.add(
                  new long[] {
                    Duration.between(due, run.time()).toMillis(),
                    record.timestamp() - due.toEpochMilli()
                  });
            }
          }
          kept.clear();
        }
      }
    } catch (MalformedRecordException e) {
      throw new IllegalStateException(e);
    }
    if (lags.size() < size) {
      System.out.printf(
          "only %,d of %,d runs arrived within 3 minutes of their time%n", lags.size(), size);
    }
    return lags;
  }

  private static final byte[] CREATE_JOB = "\"CreateJob\"".getBytes(StandardCharsets.UTF_8);

  /**
   * Whether {@code haystack} holds {@code needle}: a cheap look for a command's type in its JSON.
   */
  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void print(String what, long[] millis) {
    Arrays.sort(millis);
    System.out.printf(
        "%s, ms: p50 %,d  p99 %,d  max %,d  (n=%,d)%n",
        what,
        at(millis, 0.50),
        at(millis, 0.99),
        millis.length == 0 ? 0 : millis[millis.length - 1],
        millis.length);
  }

  private static long at(long[] sorted, double quantile) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
  }
}
