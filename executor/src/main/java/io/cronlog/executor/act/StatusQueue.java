package io.cronlog.executor.act;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.executor.act.StatusWriter.Written;
import io.cronlog.records.ScheduledJobRef;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Every status write of the executor, per ScheduledJob in the order asked for and coalesced: edits
 * that arrive while that ScheduledJob's status is being written, or waits for the API's budget, go
 * out together in its next write (one read-modify-write, {@link StatusWriter}). A run's Job is thus
 * recorded off the command's path without ever overtaking an edit asked for before it: the Job a
 * Replace deletes is never put back in {@code active} by the write of its own creation.
 */
public final class StatusQueue implements AutoCloseable {

  /** How often a yield looks whether a command has come to wait for the batch. */
  private static final Duration YIELD_STEP = Duration.ofMillis(20);

  private final StatusWriter writer;
  private final JobCreations creations;
  private final ExecutorService threads;

  /** Per ScheduledJob uid, the edits not yet begun on; guarded by {@code this}. */
  private final Map<String, Batch> waiting = new HashMap<>();

  /** The uids whose status a thread is writing now; guarded by {@code this}. */
  private final Set<String> writing = new HashSet<>();

  /**
   * @param threads how many ScheduledJobs' statuses are written at once
   */
  StatusQueue(StatusWriter writer, JobCreations creations, int threads) {
    this.writer = writer;
    this.creations = creations;
    this.threads = DaemonThreads.pool("cronlog-executor-status", threads);
  }

  /**
   * Queues {@code edit} for the status of {@code target}; the future completes with what became of
   * the write that carried it, or exceptionally with the API's {@link KubernetesClientException}.
   *
   * @param firstRead the object as read by the caller, to spare a GET (the write re-reads on a
   *     conflict)
   */
  public CompletableFuture<Written> submit(
      ScheduledJobRef target, ScheduledJob firstRead, Predicate<ScheduledJobStatus> edit) {
    return submit(target, firstRead, edit, false);
  }

  /**
   * Queues {@code edit} and waits for its write: {@link StatusWriter#update} behind the edits
   * queued before, without yielding to Job creations (its caller's command waits for it).
   */
  public Written update(
      ScheduledJobRef target, ScheduledJob firstRead, Predicate<ScheduledJobStatus> edit) {
    try {
      return submit(target, firstRead, edit, true).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private CompletableFuture<Written> submit(
      ScheduledJobRef target,
      ScheduledJob firstRead,
      Predicate<ScheduledJobStatus> edit,
      boolean awaited) {
    Edit queued = new Edit(edit, awaited);
    boolean start;
    synchronized (this) {
      Batch batch = waiting.get(target.uid());
      start = batch == null && !writing.contains(target.uid());
      if (batch == null) {
        batch = new Batch(target, firstRead, new ArrayList<>(), System.nanoTime());
        waiting.put(target.uid(), batch);
      }
      batch.edits().add(queued);
    }
    if (awaited) {
      // Written on the caller's thread, with whatever waits before it, unless a write of this
      // ScheduledJob is under way: that writer writes it next. Never behind the writers' yields.
      writeAll(target.uid());
    } else if (start) {
      startWriting(target.uid());
    }
    return queued.written();
  }

  /**
   * Fails the edits not yet begun on with a {@link CancellationException}; their callers do not
   * wait for them. A write under way is not interrupted: it ends as the API answers it.
   */
  @Override
  public void close() {
    threads.shutdown();
    List<Batch> dropped;
    synchronized (this) {
      dropped = new ArrayList<>(waiting.values());
      waiting.clear();
    }
    dropped.forEach(batch -> batch.edits().forEach(e -> e.written().cancel(false)));
  }

  private void startWriting(String uid) {
    try {
      threads.execute(
          () -> {
            yieldUnlessAwaited(uid);
            writeAll(uid);
          });
    } catch (RejectedExecutionException closed) {
      Batch batch;
      synchronized (this) {
        batch = writing.contains(uid) ? null : waiting.remove(uid);
      }
      if (batch != null) {
        batch.edits().forEach(e -> e.written().cancel(false));
      }
    }
  }

  /**
   * Writes {@code uid}'s waiting batch, and the next ones as long as a command waits for them;
   * returns at once if another thread is writing that status (it writes what waits when done).
   */
  private void writeAll(String uid) {
    while (true) {
      Batch batch;
      synchronized (this) {
        if (writing.contains(uid)) {
          return;
        }
        batch = waiting.remove(uid);
        if (batch == null) {
          return;
        }
        writing.add(uid);
      }
      boolean more;
      boolean awaitedNext;
      try {
        write(batch);
      } finally {
        synchronized (this) {
          writing.remove(uid);
          more = waiting.containsKey(uid);
          awaitedNext = more && waiting.get(uid).edits().stream().anyMatch(Edit::awaited);
        }
      }
      if (!more) {
        return;
      }
      if (!awaitedNext) {
        startWriting(uid);
        return;
      }
    }
  }

  private void write(Batch batch) {
    try {
      Written written =
          writer.update(batch.target(), batch.firstRead(), status -> applyAll(batch, status));
      // Each edit hears what became of its own change: one that changed nothing in a write that
      // carried others was not written.
      batch
          .edits()
          .forEach(
              e ->
                  e.written()
                      .complete(
                          written == Written.UPDATED && !e.changed ? Written.UNCHANGED : written));
    } catch (RuntimeException | Error e) {
      // Whoever waits for these edits hears of it, a defect included, rather than waiting for ever.
      batch.edits().forEach(edit -> edit.written().completeExceptionally(e));
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  /**
   * Lets the Job creations go first until they are quiet, for at most {@link
   * JobCreations#MAX_YIELD} from the batch's oldest edit, while the edits still wait in their
   * batch: one that a command waits for (an {@code UpdateStatus}) joins the batch and ends the
   * yield, so no command ever waits for a yield.
   */
  private void yieldUnlessAwaited(String uid) {
    for (Batch batch = yielding(uid); batch != null; batch = yielding(uid)) {
      if (creations.yieldTo(batch.askedAt(), YIELD_STEP)) {
        return;
      }
    }
  }

  /** {@code uid}'s waiting batch, or null when none waits or a command waits for it. */
  private synchronized Batch yielding(String uid) {
    Batch batch = waiting.get(uid);
    return batch == null || batch.edits().stream().anyMatch(Edit::awaited) ? null : batch;
  }

  /**
   * Applies every edit of the batch, in order, to one read of the status. Called once per read:
   * after a conflict the writer reads again and the edits are applied again to the fresh status.
   */
  private static boolean applyAll(Batch batch, ScheduledJobStatus status) {
    boolean changed = false;
    for (Edit edit : batch.edits()) {
      edit.changed = edit.edit().test(status);
      changed |= edit.changed;
    }
    return changed;
  }

  /**
   * Edits of one ScheduledJob's status, written together; {@code askedAt} is when the first came
   * ({@link System#nanoTime}), from which their yield is bounded.
   */
  private record Batch(
      ScheduledJobRef target, ScheduledJob firstRead, List<Edit> edits, long askedAt) {}

  private static final class Edit {

    private final Predicate<ScheduledJobStatus> edit;

    /** Whether a command waits for it: then its write does not yield to Job creations. */
    private final boolean awaited;

    private final CompletableFuture<Written> written = new CompletableFuture<>();

    /**
     * Whether it changed the status the last time it was applied; only the writing thread uses it.
     */
    private boolean changed;

    Edit(Predicate<ScheduledJobStatus> edit, boolean awaited) {
      this.edit = edit;
      this.awaited = awaited;
    }

    boolean awaited() {
      return awaited;
    }

    Predicate<ScheduledJobStatus> edit() {
      return edit;
    }

    CompletableFuture<Written> written() {
      return written;
    }
  }
}
