package io.cronlog.executor.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.executor.ExecutorClientCustomizer;
import io.cronlog.executor.MockApi;
import io.cronlog.executor.act.StatusWriter.Written;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(
    crud = true,
    kubernetesClientBuilderCustomizer = ExecutorClientCustomizer.class)
class StatusQueueTest {

  static final String STATUS = "/apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/report/status";

  KubernetesMockServer server;
  KubernetesClient client;
  StatusQueue queue;
  ScheduledJobRef ref;
  final CountDownLatch firstWriteMayGo = new CountDownLatch(1);
  final CountDownLatch firstWriteStarted = new CountDownLatch(1);

  @BeforeEach
  void setUp() throws Exception {
    MockApi.installCrd(client);
    ref =
        ScheduledJobRef.of(
            MockApi.create(client, MockApi.scheduledJob("team-a", "report", "* * * * *", null)));
    queue = new StatusQueue(new StatusWriter(client), new JobCreations(), 4);
  }

  @AfterEach
  void tearDown() {
    queue.close();
  }

  /** An edit that holds its write until the test lets it go, so that others queue behind it. */
  private CompletableFuture<Written> heldWrite() {
    return queue.submit(
        ref,
        null,
        s -> {
          firstWriteStarted.countDown();
          await(firstWriteMayGo);
          s.setLastSuccessfulTime("2024-03-01T09:00:00Z");
          return true;
        });
  }

  @Test
  void editsQueuedWhileTheStatusIsBeingWrittenGoOutTogetherInOrder() throws Exception {
    CompletableFuture<Written> first = heldWrite();
    await(firstWriteStarted);
    CompletableFuture<Written> second =
        queue.submit(
            ref,
            null,
            s -> {
              s.setLastScheduleTime("2024-03-01T10:00:00Z");
              return true;
            });
    CompletableFuture<Written> third =
        queue.submit(
            ref,
            null,
            s -> {
              // Applied after the second: it sees what the second set.
              s.setLastMissedTime(s.getLastScheduleTime());
              return true;
            });
    MockApi.drainRequests(server);

    firstWriteMayGo.countDown();

    assertThat(
            List.of(
                first.get(5, TimeUnit.SECONDS),
                second.get(5, TimeUnit.SECONDS),
                third.get(5, TimeUnit.SECONDS)))
        .containsOnly(Written.UPDATED);
    assertThat(MockApi.count(MockApi.drainRequests(server), "PUT", STATUS)).isEqualTo(2);
    var status = MockApi.get(client, ref).getStatus();
    assertThat(status.getLastSuccessfulTime()).isEqualTo("2024-03-01T09:00:00Z");
    assertThat(status.getLastMissedTime()).isEqualTo("2024-03-01T10:00:00Z");
  }

  @Test
  void anEditThatChangesNothingInAWriteThatCarriesOthersHearsItWasNotWritten() throws Exception {
    CompletableFuture<Written> first = heldWrite();
    await(firstWriteStarted);
    CompletableFuture<Written> changes =
        queue.submit(
            ref,
            null,
            s -> {
              s.setLastScheduleTime("2024-03-01T10:00:00Z");
              return true;
            });
    CompletableFuture<Written> changesNothing = queue.submit(ref, null, s -> false);

    firstWriteMayGo.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(Written.UPDATED);
    assertThat(changes.get(5, TimeUnit.SECONDS)).isEqualTo(Written.UPDATED);
    assertThat(changesNothing.get(5, TimeUnit.SECONDS)).isEqualTo(Written.UNCHANGED);
  }

  @Test
  void anEditACommandWaitsForTakesTheYieldingEditsWithItAtOnce() throws Exception {
    JobCreations creations = new JobCreations();
    StatusQueue yielding = new StatusQueue(new StatusWriter(client), creations, 4);
    // Under way before the write is asked for: else it may find no creation to yield to.
    HeldCreation creation = new HeldCreation(creations);
    try {
      MockApi.drainRequests(server);
      CompletableFuture<Written> deferred =
          yielding.submit(
              ref,
              null,
              s -> {
                s.setLastScheduleTime("2024-03-01T10:00:00Z");
                return true;
              });

      Written awaited =
          yielding.update(
              ref,
              null,
              s -> {
                s.setLastSuccessfulTime("2024-03-01T09:00:00Z");
                return true;
              });

      assertThat(awaited).isEqualTo(Written.UPDATED);
      assertThat(deferred.get(5, TimeUnit.SECONDS)).isEqualTo(Written.UPDATED);
      assertThat(creation.creation()).isNotDone(); // neither waited for the Job creation to end
      assertThat(MockApi.count(MockApi.drainRequests(server), "PUT", STATUS)).isOne();
    } finally {
      creation.end();
      yielding.close();
    }
  }

  @Test
  void anEditThatWaitedItsLongestForTheCreationsIsWrittenThoughTheyGoOn() throws Exception {
    JobCreations creations = new JobCreations(JobCreations.QUIET, Duration.ofMillis(300));
    StatusQueue yielding = new StatusQueue(new StatusWriter(client), creations, 4);
    HeldCreation creation = new HeldCreation(creations);
    try {
      long asked = System.nanoTime();

      Written written =
          yielding
              .submit(
                  ref,
                  null,
                  s -> {
                    s.setLastScheduleTime("2024-03-01T10:00:00Z");
                    return true;
                  })
              .get(10, TimeUnit.SECONDS);

      assertThat(written).isEqualTo(Written.UPDATED);
      assertThat(System.nanoTime() - asked)
          .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
      assertThat(creation.creation()).isNotDone();
    } finally {
      creation.end();
      yielding.close();
    }
  }

  @Test
  void aFailedWriteFailsEveryEditItCarriedWithTheApisError() {
    server
        .expect()
        .put()
        .withPath(STATUS)
        .andReturn(
            500,
            new StatusBuilder()
                .withCode(500)
                .withReason("InternalError")
                .withMessage("etcd is sad")
                .build())
        .once();

    CompletableFuture<Written> failed =
        queue.submit(
            ref,
            null,
            s -> {
              s.setLastScheduleTime("2024-03-01T10:00:00Z");
              return true;
            });

    assertThatThrownBy(failed::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(KubernetesClientException.class);
    // The next edit is written: one failure does not stop the ScheduledJob's queue.
    assertThat(
            queue.update(
                ref,
                null,
                s -> {
                  s.setLastScheduleTime("2024-03-01T10:01:00Z");
                  return true;
                }))
        .isEqualTo(Written.UPDATED);
  }

  @Test
  void closingCancelsTheEditsNotYetBegunOnAndLetsTheWriteUnderWayEnd() throws Exception {
    CompletableFuture<Written> first = heldWrite();
    await(firstWriteStarted);
    CompletableFuture<Written> waiting = queue.submit(ref, null, s -> true);

    queue.close();
    firstWriteMayGo.countDown();

    assertThat(waiting).isCancelled();
    assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(Written.UPDATED);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
