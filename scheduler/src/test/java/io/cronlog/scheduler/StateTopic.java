package io.cronlog.scheduler;

import io.cronlog.api.ConcurrencyPolicy;
import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.CommandRecord;
import io.cronlog.records.CreateJob;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.RecordIds;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.codec.MalformedRecordException;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.testsupport.TopicReader;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stands in for the watcher and the executor in scheduler tests: writes hand-made ScheduledJob
 * states to {@code cronlog.state} and, when mirroring, moves a ScheduledJob's {@code
 * status.lastScheduleTime} once a CreateJob for it appears on {@code cronlog.commands}, as the
 * executor and then the watcher would.
 */
public final class StateTopic implements AutoCloseable {

  static final String NAMESPACE = "team-a";

  private final String bootstrapServers;
  private final String stateTopic;
  private final String commandsTopic;
  private final RecordCodec codec = new RecordCodec();
  private final KafkaProducer<String, byte[]> producer;

  /** Guarded by this. */
  private final Map<ScheduledJobKey, ScheduledJobState> states = new HashMap<>();

  private volatile boolean closed;
  private Thread mirror;

  public StateTopic(String bootstrapServers, String stateTopic, String commandsTopic) {
    this.bootstrapServers = bootstrapServers;
    this.stateTopic = stateTopic;
    this.commandsTopic = commandsTopic;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    this.producer = new KafkaProducer<>(props);
  }

  /**
   * A ScheduledJob created at {@code createdAt} with {@code schedule}, policy Allow, an empty
   * status.
   */
  public static ScheduledJob scheduledJob(String name, String schedule, Instant createdAt) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(NAMESPACE)
            .withName(name)
            .withUid(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
            .withGeneration(1L)
            .withResourceVersion("1")
            .withCreationTimestamp(createdAt.toString())
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule(schedule);
    spec.setConcurrencyPolicy(ConcurrencyPolicy.Allow);
    spec.setJobTemplate(
        new JobTemplateSpecBuilder()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1.36")
            .endContainer()
            .withRestartPolicy("Never")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    sj.setSpec(spec);
    sj.setStatus(new ScheduledJobStatus());
    return sj;
  }

  /**
   * Writes the state of {@code scheduledJob}, its schedule in effect since {@code scheduleSince}
   * (or creation).
   */
  public synchronized void put(ScheduledJob scheduledJob, Instant scheduleSince) {
    ScheduledJobState state =
        new ScheduledJobState(
            CronlogRecord.SCHEMA_VERSION,
            RecordIds.of("state", UUID.randomUUID().toString()),
            Instant.now(),
            scheduledJob,
            List.of(),
            scheduleSince);
    states.put(state.key(), state);
    send(state);
  }

  /**
   * Writes {@code value} under {@code key} as it is: what anyone with a console producer can write.
   */
  public void sendRaw(String key, byte[] value) {
    producer.send(new ProducerRecord<>(stateTopic, key, value));
  }

  /**
   * Writes a well-formed state of {@code scheduledJob} under another ScheduledJob's {@code key}.
   */
  public void sendRawCommand(String key, byte[] value) {
    producer.send(new ProducerRecord<>(commandsTopic, key, value));
  }

  public void putUnderKey(String key, ScheduledJob scheduledJob) {
    ScheduledJobState state =
        new ScheduledJobState(
            CronlogRecord.SCHEMA_VERSION,
            RecordIds.of("state", UUID.randomUUID().toString()),
            Instant.now(),
            scheduledJob,
            List.of(),
            null);
    sendRaw(key, codec.encode(state));
  }

  /** Writes {@code count} states in one go and waits for them; for benchmarks. */
  public void putAll(List<ScheduledJob> scheduledJobs) {
    scheduledJobs.forEach(sj -> put(sj, null));
    producer.flush();
  }

  /** From now on, a CreateJob moves its ScheduledJob's lastScheduleTime in the state. */
  void startMirroring() {
    mirror = new Thread(this::mirror, "state-mirror");
    mirror.setDaemon(true);
    mirror.start();
  }

  private void mirror() {
    try (TopicReader commands = TopicReader.start(bootstrapServers, commandsTopic)) {
      while (!closed) {
        ConsumerRecord<String, String> record = commands.poll(Duration.ofMillis(200));
        if (record != null) {
          apply(codec.decode(record.value().getBytes(StandardCharsets.UTF_8), CommandRecord.class));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (MalformedRecordException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized void apply(CommandRecord command) {
    if (!(command instanceof CreateJob run)) {
      return;
    }
    ScheduledJobState state =
        states.get(new ScheduledJobKey(command.target().namespace(), command.target().name()));
    ScheduledJobStatus status = state.scheduledJob().getStatus();
    String last = status.getLastScheduleTime();
    if (last == null || Instant.parse(last).isBefore(run.scheduledTime())) {
      status.setLastScheduleTime(run.scheduledTime().toString());
      put(state.scheduledJob(), state.scheduleSince());
    }
  }

  private void send(ScheduledJobState state) {
    producer.send(new ProducerRecord<>(stateTopic, state.key().toString(), codec.encode(state)));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    if (mirror != null) {
      mirror.join(Duration.ofSeconds(10).toMillis());
    }
    producer.close();
  }
}
