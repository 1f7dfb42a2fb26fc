package io.cronlog.watcher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.Change;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.watcher.WatcherMetrics;
import io.cronlog.watcher.aggregate.Aggregates;
import io.cronlog.watcher.aggregate.Publication;
import io.cronlog.watcher.lead.Leadership;
import io.cronlog.watcher.lead.LeaseLost;
import io.cronlog.watcher.observe.Observation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class BatchPublisherTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private static final Topics TOPICS = Topics.withDefaultPrefix();
  private static final int MiB = 1 << 20;

  private final List<MockProducer<String, byte[]>> made = new ArrayList<>();

  /** What the next commits throw, one each, whichever producer makes them. */
  private final Deque<RuntimeException> commitFailures = new ArrayDeque<>();

  private final AtomicBoolean leaseHeld = new AtomicBoolean(true);
  private final Leadership leadership = new Leadership(leaseHeld::get);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger limitReads = new AtomicInteger();

  /** The largest state record the broker takes, whatever the limits read say. */
  private int brokerStateLimit = MiB;

  /** Run at each commit, before it fails or commits. */
  private Runnable atCommit = () -> {};

  @Test
  void retriesAFailedBatchWithANewProducerUntilItCommits() throws Exception {
    commitFailures.add(new KafkaException("the broker went away"));
    commitFailures.add(new KafkaException("the broker went away again"));

    boolean published = publisher().publish(added("report"), () -> false);

    assertThat(published).isTrue();
    assertThat(made).hasSize(3);
    assertThat(made.subList(0, 2)).allSatisfy(failed -> assertThat(failed.closed()).isTrue());
    assertThat(made.get(2).history())
        .extracting(ProducerRecord::topic)
        .containsExactly("cronlog.events", "cronlog.state");
    assertThat(counter("cronlog.watcher.publish.failures")).isEqualTo(2.0);
    assertThat(counter("cronlog.watcher.observations.published")).isEqualTo(1.0);
  }

  @Test
  void stopsPublishingWhenTheLeaseIsLost() {
    leaseHeld.set(false);

    assertThatThrownBy(() -> publisher().publish(added("report"), () -> false))
        .isInstanceOf(LeaseLost.class);

    assertThat(made).as("no transaction begun").isEmpty();
    assertThat(leadership.isLost()).isTrue();
  }

  @Test
  void aFailedCommitAfterLeadershipWasGivenUpEndsTheTermInsteadOfRetrying() {
    atCommit = leadership::giveUp; // as abandon() does, closing the producer under the transaction
    commitFailures.add(new KafkaException("the producer was closed"));

    assertThatThrownBy(() -> publisher().publish(added("report"), () -> false))
        .isInstanceOf(LeaseLost.class);

    assertThat(made).hasSize(1);
    assertThat(counter("cronlog.watcher.publish.failures")).isZero();
  }

  @Test
  void leavesTheBatchUnpublishedWhenTheTermClosesWhileKafkaIsAway() throws Exception {
    commitFailures.add(new KafkaException("the broker went away"));

    boolean published = publisher().publish(added("report"), () -> true);

    assertThat(published).isFalse();
    assertThat(made).hasSize(1);
    assertThat(made.get(0).history()).isEmpty();
    assertThat(made.get(0).closed()).isTrue();
  }

  @Test
  void carriesAFenceOutAsFatalWithoutRetrying() {
    commitFailures.add(
        new ProducerFencedException("another watcher started with the transactional id"));

    assertThatThrownBy(() -> publisher().publish(added("report"), () -> false))
        .isInstanceOf(FatalKafkaError.class)
        .hasCauseInstanceOf(ProducerFencedException.class);

    assertThat(made).hasSize(1);
  }

  @Test
  void carriesAnInvalidProducerEpochOutAsFatalWithoutRetrying() {
    // A retry's new producer would fence the watcher that bumped the epoch.
    commitFailures.add(new InvalidProducerEpochException("a newer producer took the id"));

    assertThatThrownBy(() -> publisher().publish(added("report"), () -> false))
        .isInstanceOf(FatalKafkaError.class)
        .hasCauseInstanceOf(InvalidProducerEpochException.class);

    assertThat(made).hasSize(1);
  }

  @Test
  void carriesAnOutOfOrderSequenceOutAsFatalWithoutRetrying() {
    commitFailures.add(new OutOfOrderSequenceException("records may have been lost"));

    assertThatThrownBy(() -> publisher().publish(added("report"), () -> false))
        .isInstanceOf(FatalKafkaError.class)
        .hasCauseInstanceOf(OutOfOrderSequenceException.class);

    assertThat(made).hasSize(1);
    assertThat(counter("cronlog.watcher.publish.failures")).isZero();
  }

  @Test
  void carriesAFailedAuthenticationOutAsFatalWithoutRetrying() {
    commitFailures.add(new SaslAuthenticationException("bad password"));

    assertThatThrownBy(() -> publisher().publish(added("report"), () -> false))
        .isInstanceOf(FatalKafkaError.class)
        .hasCauseInstanceOf(SaslAuthenticationException.class);

    assertThat(made).hasSize(1);
  }

  @Test
  void retriesAnAbortableTransactionWithANewProducer() throws Exception {
    commitFailures.add(new TransactionAbortableException("abort and retry"));

    boolean published = publisher().publish(added("report"), () -> false);

    assertThat(published).isTrue();
    assertThat(made).hasSize(2);
    assertThat(made.get(0).closed()).isTrue();
    assertThat(counter("cronlog.watcher.publish.failures")).isEqualTo(1.0);
  }

  @Test
  void learnsTheLimitATopicRefusedAndEncodesTheBatchAgainAtOnce() throws Exception {
    brokerStateLimit = 10_000; // lowered since the limits were read

    boolean published = publisher().publish(added("large"), () -> false);

    assertThat(published).isTrue();
    assertThat(made).hasSize(2);
    assertThat(made.get(0).history()).isEmpty();
    assertThat(made.get(1).history())
        .extracting(ProducerRecord::topic)
        .contains("cronlog.dead-letter", "cronlog.state");
    assertThat(made.get(1).history())
        .filteredOn(record -> record.topic().equals("cronlog.state"))
        .allSatisfy(record -> assertThat(record.value().length).isLessThanOrEqualTo(10_000));
    assertThat(limitReads).as("read again after the refusal").hasValue(1);
    assertThat(counter("cronlog.watcher.publish.failures")).as("no backoff for a refusal").isZero();
    assertThat(counter("cronlog.watcher.records.dead.lettered")).isPositive();
  }

  private BatchPublisher publisher() {
    TransactionalPublisher transactions =
        new TransactionalPublisher(this::newProducer, new OpenProducers(), leaseHeld::get);
    TopicLimits limits =
        new TopicLimits(
            () -> {
              limitReads.incrementAndGet();
              return topicLimits();
            },
            TOPICS);
    return new BatchPublisher(
        transactions,
        new PublicationEncoder(new RecordCodec(), TOPICS, topicLimits()),
        limits,
        leadership,
        new WatcherMetrics(registry));
  }

  private static RecordSizeLimits topicLimits() {
    return RecordSizeLimits.of(
        Map.of(
            TOPICS.events(),
            MiB,
            TOPICS.state(),
            MiB,
            TOPICS.commands(),
            MiB,
            TOPICS.deadLetter(),
            MiB));
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  private MockProducer<String, byte[]> newProducer() {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
          private boolean refused;

          @Override
          public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            if (record.topic().equals(TOPICS.state())
                && record.value() != null
                && record.value().length > brokerStateLimit) {
              refused = true;
              return CompletableFuture.failedFuture(
                  new RecordTooLargeException("over the topic's max.message.bytes"));
            }
            return super.send(record);
          }

          @Override
          public void commitTransaction() {
            atCommit.run();
            if (refused) {
              throw new KafkaException(
                  "Cannot perform send because at least one previous transactional request failed");
            }
            RuntimeException failure = commitFailures.poll();
            if (failure != null) {
              throw failure;
            }
            super.commitTransaction();
          }
        };
    made.add(producer);
    return producer;
  }

  /** What an ADDED observation of a ScheduledJob makes the watcher publish. */
  private static List<Publication> added(String name) {
    return new Aggregates()
        .apply(new Observation.OfScheduledJob(Change.ADDED, scheduledJob(name), NOW));
  }

  /** A ScheduledJob with a last-applied manifest of about 30 kB: what trimming takes away. */
  private static ScheduledJob scheduledJob(String name) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(name)
            .withUid("uid-" + name)
            .withResourceVersion("7")
            .withAnnotations(new HashMap<>(Map.of(Trim.LAST_APPLIED, "m".repeat(30_000))))
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("* * * * *");
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    sj.setSpec(spec);
    return sj;
  }
}
