package io.cronlog.audit.read;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.CronlogRecord;
import io.cronlog.records.DeadLetter;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.OutcomeRecord;
import io.cronlog.records.ScheduledJobKey;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads cronlog's trail (events, commands, outcomes, dead letters) back from Kafka, one
 * topic-partition at a time, from a point in time up to where the partition ended when the read
 * began. A reader of its own: no consumer group, nothing committed, partitions assigned by hand.
 * Used by one thread at a time, as its Kafka consumer is.
 */
public final class TrailReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrailReader.class);

  /**
   * How far before {@code from} and after {@code until} a read reaches: Kafka seeks by the
   * producer's timestamp, which differs a little from the time a record says it was made.
   */
  public static final Duration MARGIN = Duration.ofMinutes(5);

  /**
   * How long the broker may take to answer one request, or a read to move on, before it is given
   * up.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(200);

  private final Topics topics;
  private final String address;
  private final KafkaConsumer<String, byte[]> consumer;
  private final TrailDecoder decoder = new TrailDecoder(new RecordCodec());

  /** Partition counts by topic, asked once: a topic's count does not change during an audit. */
  private final Map<String, Integer> partitionCounts = new HashMap<>();

  private Integer keyedPartitionCount;
  private boolean closed;

  /**
   * A reader on the Kafka that {@code clientProperties} address (with any security settings), of
   * the topics named by {@code topics}.
   */
  public TrailReader(Map<String, Object> clientProperties, Topics topics) {
    this(
        clientProperties,
        topics,
        String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)));
  }

  /** A reader where {@code connection} says, whose errors also say where that address came from. */
  public TrailReader(KafkaConnection connection) {
    this(connection.clientProperties(), connection.topics(), connection.describe());
  }

  private TrailReader(Map<String, Object> clientProperties, Topics topics, String address) {
    this.topics = topics;
    this.address = address;
    try {
      this.consumer = new KafkaConsumer<>(consumerProperties(clientProperties));
    } catch (KafkaException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new TrailUnavailableException(
          "cannot make a Kafka client for " + address + ": " + cause.getMessage(), e);
    }
  }

  static Map<String, Object> consumerProperties(Map<String, Object> clientProperties) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    // No group: nothing is committed, no coordinator is needed, and no one else's group moves.
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The watcher writes events in transactions; an aborted one never happened.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    // Asking for a topic that is missing must say so, not create it with the broker's defaults.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // Retention may delete records between finding an offset and fetching it: read on from the
    // oldest record kept rather than fail.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cronlog-audit");
    // An audit reads what is there, one partition after another: a fetch left waiting at the end
    // of one partition for records that will not come would hold up the next read by the broker's
    // long-poll wait (500 ms by default), once per partition.
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    // A command that runs for seconds has no metrics worth pushing to the broker (KIP-714), and
    // asking a broker without that support only adds a warning to the log.
    props.putIfAbsent(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
    // An unreachable broker must fail a person's command in seconds, not the clients' default
    // minute; a client config file may still allow a slow link more.
    props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    // Bytes, not records: a record is decoded only once its key is wanted, and a bad one is a
    // finding.
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /**
   * The partition count of the keyed topics the audit reads (events, commands, outcomes), which
   * must agree; {@code cronlog.state} is not read, so neither its absence nor its count matters
   * here.
   */
  public int partitionCount() {
    if (keyedPartitionCount == null) {
      List<String> keyed = List.of(topics.events(), topics.commands(), topics.outcomes());
      Map<String, Integer> counts = new LinkedHashMap<>();
      keyed.forEach(topic -> counts.put(topic, partitionCountOf(topic)));
      if (counts.values().stream().distinct().count() > 1) {
        throw new TrailUnavailableException(
            "the keyed topics at "
                + address
                + " disagree on their partition count "
                + counts
                + ", so one ScheduledJob's records are not in one partition number; the trail cannot be read by key");
      }
      keyedPartitionCount = counts.get(topics.events());
    }
    return keyedPartitionCount;
  }

  /**
   * The partitions of the keyed topics holding {@code keys}, ascending; every partition for no
   * keys.
   */
  public List<Integer> partitionsOf(Collection<ScheduledJobKey> keys) {
    return partitionsOf(keys.stream().map(ScheduledJobKey::toString).toList(), partitionCount());
  }

  /**
   * Reads {@code topic}'s {@code partition} from {@code from} (null: its beginning) up to its end
   * when the read began, or until shortly after {@code until} (null: no limit), giving {@code sink}
   * every record whose key is in {@code keys} (empty: every key), readable or not. Both bounds
   * reach {@link #MARGIN} further, so the caller filters by the records' own times. The end is the
   * last stable offset: a transaction not yet committed (or not yet marked so) is not read.
   */
  public void read(
      String topic,
      int partition,
      Instant from,
      Instant until,
      Set<String> keys,
      Consumer<TrailRecord> sink) {
    Class<? extends CronlogRecord> type = payloadType(topic);
    int count = partitionCountOf(topic);
    if (partition < 0 || partition >= count) {
      throw new IllegalArgumentException(
          topic + " has partitions 0 to " + (count - 1) + ", not " + partition);
    }
    TopicPartition tp = new TopicPartition(topic, partition);
    List<TopicPartition> only = List.of(tp);
    String doing = "reading " + tp;
    long end = kafka(doing, () -> consumer.endOffsets(only).get(tp));
    long start =
        from == null
            ? kafka(doing, () -> consumer.beginningOffsets(only).get(tp))
            : offsetAt(tp, from.minus(MARGIN), end);
    // The end is found by reading, not by offsetsForTimes: a transaction's marker is stamped when
    // it commits, so it can stand, with a later timestamp, before records of the span.
    long stop = end;
    long untilMillis = until == null ? Long.MAX_VALUE : epochMillis(until.plus(MARGIN));
    if (start >= stop) {
      LOG.debug("Nothing to read on {} between offsets {} and {}", tp, start, stop);
      return;
    }
    kafka(
        doing,
        () -> {
          consumer.assign(only);
          consumer.seek(tp, start);
          return null;
        });
    int[] delivered = {0};
    poll(
        tp,
        stop,
        consumed -> {
          if (consumed.timestamp() > untilMillis) {
            return false;
          }
          // The key decides before the value is decoded: decoding is what a read costs.
          if (keys.isEmpty() || keys.contains(consumed.key())) {
            sink.accept(decoder.decode(consumed, type));
            delivered[0]++;
          }
          return true;
        });
    LOG.debug("Read {} records of {} from offset {} up to {}", delivered[0], tp, start, stop);
  }

  /**
   * When the oldest record {@code topic}'s {@code partition} still keeps was written, if retention
   * has deleted older ones (its log no longer starts at offset 0); empty when it keeps every record
   * it was ever given. Before that time the trail may lack records, so nothing there can be judged.
   * {@link Instant#MAX} when retention has deleted every record the partition had.
   */
  public Optional<Instant> keptSince(String topic, int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    String doing = "reading " + tp;
    partitionCountOf(topic);
    long start = kafka(doing, () -> consumer.beginningOffsets(List.of(tp)).get(tp));
    if (start == 0) {
      return Optional.empty();
    }
    OffsetAndTimestamp oldest =
        kafka(doing, () -> consumer.offsetsForTimes(Map.of(tp, 0L)).get(tp));
    return Optional.of(oldest == null ? Instant.MAX : Instant.ofEpochMilli(oldest.timestamp()));
  }

  /**
   * The keys of {@code partition} of the compacted state topic whose latest record is not a
   * tombstone: the ScheduledJobs that exist now, including those with no event in a span. Reads
   * keys only; no state is decoded.
   */
  public Set<String> liveKeys(int partition) {
    TopicPartition tp = new TopicPartition(topics.state(), partition);
    String doing = "reading " + tp;
    partitionCountOf(topics.state());
    List<TopicPartition> only = List.of(tp);
    long end = kafka(doing, () -> consumer.endOffsets(only).get(tp));
    long start = kafka(doing, () -> consumer.beginningOffsets(only).get(tp));
    Set<String> live = new TreeSet<>();
    if (start >= end) {
      return live;
    }
    kafka(
        doing,
        () -> {
          consumer.assign(only);
          consumer.seek(tp, start);
          return null;
        });
    poll(
        tp,
        end,
        consumed -> {
          if (consumed.key() != null && consumed.value() == null) {
            live.remove(consumed.key());
          } else if (consumed.key() != null) {
            live.add(consumed.key());
          }
          return true;
        });
    return live;
  }

  /**
   * Reads every partition of the dead-letter topic, or only those holding {@code keys} (under the
   * dead-letter topic's own partition count), as {@link #read} does.
   */
  public void readDeadLetters(
      Instant from, Instant until, Set<String> keys, Consumer<TrailRecord> sink) {
    String topic = topics.deadLetter();
    for (int partition : partitionsOf(keys, partitionCountOf(topic))) {
      read(topic, partition, from, until, keys, sink);
    }
  }

  /**
   * Polls {@code tp} from where it was sought up to {@code stop}, giving each record to {@code
   * each}, until it returns false.
   */
  private void poll(TopicPartition tp, long stop, Predicate<ConsumerRecord<String, byte[]>> each) {
    String doing = "reading " + tp;
    long position = kafka(doing, () -> consumer.position(tp));
    long lastProgress = System.nanoTime();
    while (position < stop) {
      for (ConsumerRecord<String, byte[]> consumed : kafka(doing, () -> consumer.poll(POLL))) {
        if (consumed.offset() >= stop || !each.test(consumed)) {
          return;
        }
      }
      // Read committed skips aborted records and transaction markers without returning them, so
      // progress is the position, not the records.
      long next = kafka(doing, () -> consumer.position(tp));
      if (next > position) {
        position = next;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > TIMEOUT.toNanos()) {
        throw new TrailUnavailableException(
            "Kafka at "
                + address
                + " does not answer: "
                + tp
                + " stopped at offset "
                + position
                + " of "
                + stop
                + " for "
                + TIMEOUT.toSeconds()
                + " s");
      }
    }
  }

  /**
   * The first offset of {@code tp} at or after {@code time}, or {@code end} when every record is
   * older.
   */
  private long offsetAt(TopicPartition tp, Instant time, long end) {
    long millis = epochMillis(time);
    OffsetAndTimestamp found =
        kafka("reading " + tp, () -> consumer.offsetsForTimes(Map.of(tp, millis)).get(tp));
    return found == null ? end : found.offset();
  }

  /** Kafka takes no negative timestamp, and an instant far out has no millisecond count. */
  private static long epochMillis(Instant time) {
    if (time.isBefore(Instant.EPOCH)) {
      return 0;
    }
    try {
      return time.toEpochMilli();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private int partitionCountOf(String topic) {
    Integer known = partitionCounts.get(topic);
    if (known != null) {
      return known;
    }
    List<PartitionInfo> partitions =
        kafka("reading the partitions of " + topic, () -> consumer.partitionsFor(topic));
    if (partitions == null || partitions.isEmpty()) {
      throw new TrailUnavailableException(
          "topic "
              + topic
              + " does not exist at "
              + address
              + ": is cronlog running there, with this topic prefix?");
    }
    partitionCounts.put(topic, partitions.size());
    return partitions.size();
  }

  private static List<Integer> partitionsOf(Collection<String> keys, int partitionCount) {
    if (keys.isEmpty()) {
      return IntStream.range(0, partitionCount).boxed().toList();
    }
    TreeSet<Integer> partitions = new TreeSet<>();
    keys.forEach(key -> partitions.add(KeyPartitioner.partitionOf(key, partitionCount)));
    return List.copyOf(partitions);
  }

  private Class<? extends CronlogRecord> payloadType(String topic) {
    if (topic.equals(topics.events())) {
      return ObservationRecord.class;
    }
    if (topic.equals(topics.commands())) {
      return CommandRecord.class;
    }
    if (topic.equals(topics.outcomes())) {
      return OutcomeRecord.class;
    }
    if (topic.equals(topics.deadLetter())) {
      return DeadLetter.class;
    }
    throw new IllegalArgumentException(
        topic + " is not a topic of the trail under prefix '" + topics.prefix() + "'");
  }

  /** Runs one client call, turning what Kafka throws into a line for a person. */
  private <T> T kafka(String doing, Supplier<T> call) {
    try {
      return call.get();
    } catch (KafkaException e) {
      throw TrailUnavailableException.of(e, address, doing);
    }
  }

  /** Closes the consumer; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.close();
  }
}
