package io.cronlog.scheduler;

import io.cronlog.records.CommandRecord;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.runtime.topics.PatientSend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes decisions' commands without waiting: one ScheduledJob's commands keep their order
 * because one thread encodes and sends them in the order given, they share a key (so a partition)
 * and the producer is idempotent; the caller learns of the acknowledgement, or the failure, through
 * the returned future. Encoding on a thread of its own takes a third of a decision's work off the
 * decision thread.
 */
public final class CommandPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandPublisher.class);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final RecordCodec codec;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "cronlog-scheduler-send"));

  /** Sends through {@code producer}, which should be idempotent ({@link SchedulerClients#of}). */
  public CommandPublisher(Producer<String, byte[]> producer, String topic, RecordCodec codec) {
    this.producer = producer;
    this.topic = topic;
    this.codec = codec;
  }

  /**
   * Sends {@code commands} under {@code key}, in order; the future completes once Kafka has them
   * all, or fails with the first failure. Completes on the producer's I/O thread.
   */
  public CompletableFuture<Void> publish(String key, List<CommandRecord> commands) {
    List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      sent.add(new CompletableFuture<>());
    }
    try {
      sender.execute(() -> send(key, commands, sent));
    } catch (RejectedExecutionException e) {
      sent.forEach(future -> future.completeExceptionally(e));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** On the sender thread: encodes and sends, in order. */
  private void send(
      String key, List<CommandRecord> commands, List<CompletableFuture<RecordMetadata>> sent) {
    for (int i = 0; i < commands.size(); i++) {
      CommandRecord command = commands.get(i);
      CompletableFuture<RecordMetadata> acked = sent.get(i);
      try {
        boolean taken =
            PatientSend.send(
                producer,
                new ProducerRecord<>(topic, key, codec.encode(command)),
                (metadata, failure) -> {
                  if (failure == null) {
                    acked.complete(metadata);
                  } else {
                    acked.completeExceptionally(failure);
                  }
                },
                RETRY_BACKOFF,
                refusal ->
                    LOG.warn("{}: a command waits for Kafka: {}", key, refusal.getMessage()));
        if (!taken) {
          acked.completeExceptionally(
              new InterruptException("closing before Kafka took the command"));
        }
      } catch (KafkaException e) {
        acked.completeExceptionally(e);
      }
    }
  }

  /** Waits until every command published so far is acknowledged or failed. */
  public void flush() throws InterruptedException {
    try {
      sender.submit(producer::flush).get();
    } catch (ExecutionException | RejectedExecutionException e) {
      throw new IllegalStateException("Cannot flush the commands", e);
    }
  }

  /** Sends what was published and closes the producer, waiting up to 10 s for each. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        sender.shutdownNow(); // waiting for a broker that is away; the next owner decides afresh
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(CLOSE_TIMEOUT);
  }
}
