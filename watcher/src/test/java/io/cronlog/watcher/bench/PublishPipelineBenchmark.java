package io.cronlog.watcher.bench;

import io.cronlog.api.ScheduledJob;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.records.Change;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.config.Env;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.topics.TopicBootstrap;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.aggregate.Publication;
import io.cronlog.watcher.lead.LeaseLost;
import io.cronlog.watcher.observe.Observation;
import io.cronlog.watcher.publish.OpenProducers;
import io.cronlog.watcher.publish.Outgoing;
import io.cronlog.watcher.publish.PublicationEncoder;
import io.cronlog.watcher.publish.RecordSizeLimits;
import io.cronlog.watcher.publish.TransactionalPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Prints what the watcher's publishing thread alone can carry: synthetic MODIFIED observations,
 * built beforehand as informers would hand them over, go through the same steps as in the watcher
 * ({@link Aggregates} → {@link PublicationEncoder} → one {@link TransactionalPublisher} transaction
 * per batch of 500) against the in-process broker. No Kubernetes API is involved, so this is the
 * pipeline's capacity, the ceiling for any burst of changes. Not a test: it asserts nothing.
 *
 * <p>Arguments: ScheduledJobs, changes of each per round, measured rounds (default 1000 20 5). See
 * docs/benchmarks/watcher.md for the command.
 */
public final class PublishPipelineBenchmark {

  /** The watcher's CRONLOG_WATCHER_MAX_BATCH default: observations per transaction. */
  private static final int BATCH = 500;

  private final Aggregates aggregates = new Aggregates();
  private final PublicationEncoder encoder;
  private final TransactionalPublisher publisher;

  /** The last resourceVersion handed out: like the API's, one counter for every object. */
  private long resourceVersion;

  private PublishPipelineBenchmark(PublicationEncoder encoder, TransactionalPublisher publisher) {
    this.encoder = encoder;
    this.publisher = publisher;
  }

  public static void main(String[] args) throws Exception {
    int scheduledJobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults())) {
      KafkaSettings settings =
          KafkaSettings.from(
              new Env(
                  Map.of(
                      KafkaSettings.BOOTSTRAP_SERVERS,
                      kafka.bootstrapServers(),
                      KafkaSettings.TOPIC_PREFIX,
                      "pipeline.",
                      KafkaSettings.PARTITIONS,
                      "6")));
      PublicationEncoder encoder =
          new PublicationEncoder(new RecordCodec(), settings.topics(), limits(settings));
      try (TransactionalPublisher publisher =
          new TransactionalPublisher(
              TransactionalPublisher.kafkaProducers(
                  settings.clientProperties(), "pipeline-bench", Duration.ofSeconds(30)),
              new OpenProducers(),
              () -> true)) {
        publisher.open();
        new PublishPipelineBenchmark(encoder, publisher).run(scheduledJobs, changes, rounds);
      }
    }
    System.exit(0);
  }

  private void run(int scheduledJobs, int changes, int rounds) throws LeaseLost {
    // Warm-up: the JIT, the producer's connections and buffers, the topics' first writes.
    Totals added = publish(observations(scheduledJobs, 1, Change.ADDED));
    Totals warmUp = publish(observations(scheduledJobs, changes, Change.MODIFIED));
    System.out.printf(
        "Warm-up: %,d ADDED, then %,d MODIFIED: %.0f observations/s; one event %,d B, one state %,d B%n",
        added.observations,
        warmUp.observations,
        warmUp.observationsPerSecond(),
        warmUp.eventBytes,
        warmUp.stateBytes);
    List<Totals> measured = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      List<Observation> burst = observations(scheduledJobs, changes, Change.MODIFIED);
      System.gc(); // the garbage of building the burst is not the pipeline's to collect
      Totals totals = publish(burst);
      measured.add(totals);
      print("Round " + round, totals, scheduledJobs);
    }
    // The median round: on a shared machine one round can fall on another build's busy second.
    measured.sort(Comparator.comparingDouble(Totals::observationsPerSecond));
    print("Median of " + rounds + " rounds", measured.get(rounds / 2), scheduledJobs);
  }

  private static void print(String label, Totals totals, int scheduledJobs) {
    double seconds = totals.wallNanos / 1e9;
    System.out.printf(
        "%s: %,d MODIFIED over %,d ScheduledJobs in %.2f s: %,.0f observations/s, %,.0f records/s,"
            + " %.1f MB/s; of the time: apply %.0f%%, encode %.0f%%, send and commit %.0f%%%n",
        label,
        totals.observations,
        scheduledJobs,
        seconds,
        totals.observationsPerSecond(),
        totals.records / seconds,
        totals.bytes / 1e6 / seconds,
        totals.share(totals.applyNanos),
        totals.share(totals.encodeNanos),
        totals.share(totals.publishNanos));
  }

  /**
   * Applies, encodes and publishes {@code observations} in batches, as the watcher's publishing
   * loop does.
   */
  private Totals publish(List<Observation> observations) throws LeaseLost {
    Totals totals = new Totals();
    long start = System.nanoTime();
    for (int from = 0; from < observations.size(); from += BATCH) {
      List<Observation> batch =
          observations.subList(from, Math.min(from + BATCH, observations.size()));
      long t0 = System.nanoTime();
      List<Publication> publications = new ArrayList<>(batch.size());
      batch.forEach(observation -> publications.addAll(aggregates.apply(observation)));
      long t1 = System.nanoTime();
      PublicationEncoder.Encoded encoded = encoder.encode(publications);
      List<Outgoing> records = encoded.records();
      long t2 = System.nanoTime();
      publisher.publish(records);
      encoded.committed();
      long t3 = System.nanoTime();
      totals.add(batch.size(), records, t1 - t0, t2 - t1, t3 - t2);
    }
    totals.wallNanos = System.nanoTime() - start;
    if (totals.records != 2L * totals.observations) {
      // Each observation must be one event and one state; anything else (nothing published for an
      // unchanged version, a dead letter) would make the rates measure something else.
      throw new IllegalStateException(
          totals.observations + " observations made " + totals.records + " records");
    }
    return totals;
  }

  /**
   * {@code changes} rounds over every ScheduledJob, each object new, as informers deserialize them.
   */
  private List<Observation> observations(int scheduledJobs, int changes, Change change) {
    List<Observation> observations = new ArrayList<>(scheduledJobs * changes);
    for (int c = 0; c < changes; c++) {
      for (int i = 0; i < scheduledJobs; i++) {
        resourceVersion++;
        ScheduledJob object =
            BenchObjects.observed(
                "daily-report-" + i, resourceVersion, String.valueOf(resourceVersion));
        observations.add(new Observation.OfScheduledJob(change, object, Instant.now()));
      }
    }
    return observations;
  }

  /** Creates the topics and reads what each takes, as a watcher does when it starts. */
  private static RecordSizeLimits limits(KafkaSettings settings) throws Exception {
    Topics topics = settings.topics();
    List<String> written =
        List.of(topics.events(), topics.state(), topics.commands(), topics.deadLetter());
    try (Admin admin = Admin.create(settings.clientProperties())) {
      new TopicBootstrap(admin, topics, settings.topicSettings()).ensureTopics();
      for (int attempt = 1; ; attempt++) {
        try {
          return RecordSizeLimits.read(admin, written);
        } catch (UnknownTopicOrPartitionException e) {
          // Topics created a moment ago: the broker may not describe their configs yet.
          if (attempt == 50) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    }
  }

  /** What one run published and where its time went. */
  private static final class Totals {
    long observations;
    long records;
    long bytes;
    long eventBytes;
    long stateBytes;
    long applyNanos;
    long encodeNanos;
    long publishNanos;
    long wallNanos;

    void add(int batchSize, List<Outgoing> batch, long apply, long encode, long publish) {
      observations += batchSize;
      records += batch.size();
      batch.forEach(record -> bytes += record.size());
      // Every event is about the same size, and every state: the first of each stands for all.
      eventBytes = eventBytes > 0 ? eventBytes : batch.get(0).size();
      stateBytes = stateBytes > 0 ? stateBytes : batch.get(1).size();
      applyNanos += apply;
      encodeNanos += encode;
      publishNanos += publish;
    }

    double observationsPerSecond() {
      return observations / (wallNanos / 1e9);
    }

    double share(long nanos) {
      return 100.0 * nanos / wallNanos;
    }
  }
}
