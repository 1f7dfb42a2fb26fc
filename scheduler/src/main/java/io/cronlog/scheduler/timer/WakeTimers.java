package io.cronlog.scheduler.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * One Quartz one-shot trigger per decision thread and wake instant (to the millisecond), however
 * many of that thread's ScheduledJobs wake then, plus a periodic safety check. Quartz only fires:
 * when a trigger fires, the thread and instant are handed to {@code onWake}; which ScheduledJobs
 * wake then, and what is due, is the decision thread's to know.
 */
public final class WakeTimers implements AutoCloseable {

  private static final String GROUP = "cronlog";
  private static final String WAKE_GROUP = "cronlog-wake";
  private static final String CALLBACK = "callback";
  private static final String SHARD = "shard";
  private static final String AT = "at";

  /** What a fired wake trigger calls, on a Quartz thread. */
  @FunctionalInterface
  public interface OnWake {
    void wake(int shard, long epochMilli);
  }

  private final Scheduler quartz;

  /** The one job every wake trigger fires; durable, so that it outlives the triggers that fired. */
  private final JobDetail wakeJob =
      JobBuilder.newJob(WakeJob.class).withIdentity("wake", GROUP).storeDurably().build();

  public WakeTimers(
      String instanceName,
      int threads,
      OnWake onWake,
      Runnable safetyCheck,
      Duration safetyInterval)
      throws SchedulerException {
    Properties props = new Properties();
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, instanceName);
    props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    // A trigger late by less than this still fires as planned; later, it fires at once (FireNow).
    props.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    // Several decision threads' triggers may share a fire time (every minute's top): acquiring
    // them in one batch, rather than one per loop of Quartz's scheduler thread, keeps the last of
    // them close to its time. A batch is bounded by the free threads, hence the pool size.
    props.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
    this.quartz = new StdSchedulerFactory(props).getScheduler();
    quartz.getContext().put(CALLBACK, onWake);
    quartz.getContext().put("safetyCheck", safetyCheck);
    quartz.addJob(wakeJob, false);
    quartz.scheduleJob(
        JobBuilder.newJob(SafetyCheckJob.class).withIdentity("safety-check", GROUP).build(),
        TriggerBuilder.newTrigger()
            .withIdentity("safety-check", GROUP)
            .startAt(Date.from(Instant.now().plus(safetyInterval)))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(safetyInterval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build());
  }

  public void start() throws SchedulerException {
    quartz.start();
  }

  /**
   * Wakes decision thread {@code shard} at {@code epochMilli}, unless a timer for then is set
   * already.
   */
  public void wakeAt(int shard, long epochMilli) throws SchedulerException {
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(key(shard, epochMilli))
            .forJob(wakeJob)
            .usingJobData(SHARD, shard)
            .usingJobData(AT, epochMilli)
            .startAt(new Date(epochMilli))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    // Replaces a trigger of the same thread and instant that has fired and not yet been removed.
    quartz.scheduleJob(wakeJob, Set.of(trigger), true);
  }

  /** Drops the timer of decision thread {@code shard} at {@code epochMilli}, if any. */
  public void cancel(int shard, long epochMilli) throws SchedulerException {
    quartz.unscheduleJob(key(shard, epochMilli));
  }

  /** Whether a timer of decision thread {@code shard} at {@code epochMilli} is set. */
  public boolean isSet(int shard, long epochMilli) throws SchedulerException {
    return quartz.checkExists(key(shard, epochMilli));
  }

  /** How many wake timers are set, over every decision thread. */
  public int wakeTimersSet() throws SchedulerException {
    return quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(WAKE_GROUP)).size();
  }

  private static TriggerKey key(int shard, long epochMilli) {
    return TriggerKey.triggerKey(shard + "@" + epochMilli, WAKE_GROUP);
  }

  @Override
  public void close() throws SchedulerException {
    if (!quartz.isShutdown()) {
      quartz.shutdown(true);
    }
  }

  /**
   * The Quartz job of every wake trigger: hands the trigger's thread and instant to the callback.
   */
  public static final class WakeJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try {
        OnWake callback = (OnWake) context.getScheduler().getContext().get(CALLBACK);
        var data = context.getTrigger().getJobDataMap();
        callback.wake(data.getInt(SHARD), data.getLong(AT));
      } catch (SchedulerException e) {
        throw new JobExecutionException(e);
      }
    }
  }

  /** The Quartz job of the periodic safety check. */
  public static final class SafetyCheckJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try {
        ((Runnable) context.getScheduler().getContext().get("safetyCheck")).run();
      } catch (SchedulerException e) {
        throw new JobExecutionException(e);
      }
    }
  }
}
