package io.cronlog.scheduler.timer;

import io.cronlog.records.ScheduledJobKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.function.Consumer;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;

/**
 * One Quartz one-shot trigger per ScheduledJob, at its next wake, plus a periodic safety check.
 * Quartz only fires: when a trigger fires, the key is handed to {@code onWake}; what is due is
 * decided elsewhere, from the schedule's own semantics.
 */
public final class WakeTimers implements AutoCloseable {

  private static final String GROUP = "cronlog";
  private static final String CALLBACK = "callback";
  private static final String KEY = "key";

  private final Scheduler quartz;

  public WakeTimers(String instanceName, int threads, Consumer<ScheduledJobKey> onWake, Runnable safetyCheck,
      Duration safetyInterval) throws SchedulerException {
    Properties props = new Properties();
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, instanceName);
    props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    // A trigger late by less than this still fires as planned; later, it fires at once (FireNow).
    props.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    // Many ScheduledJobs share a fire time (every minute's top): acquiring the triggers due
    // together in one batch, rather than one per loop of Quartz's scheduler thread, keeps the
    // last of them close to its time. A batch is bounded by the free threads, hence the pool size.
    props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
    this.quartz = new StdSchedulerFactory(props).getScheduler();
    quartz.getContext().put(CALLBACK, onWake);
    quartz.getContext().put("safetyCheck", safetyCheck);
    quartz.scheduleJob(JobBuilder.newJob(SafetyCheckJob.class).withIdentity("safety-check", GROUP).build(),
        TriggerBuilder.newTrigger().withIdentity("safety-check", GROUP)
            .startAt(Date.from(Instant.now().plus(safetyInterval)))
            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(safetyInterval.toMillis())
                .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
            .build());
  }

  public void start() throws SchedulerException {
    quartz.start();
  }

  /** Wakes {@code key} at {@code at}, replacing any earlier timer of it. */
  public void wakeAt(ScheduledJobKey key, Instant at) throws SchedulerException {
    JobDataMap data = new JobDataMap();
    data.put(KEY, key.toString());
    JobDetail job = JobBuilder.newJob(WakeJob.class).withIdentity(key.toString(), GROUP).usingJobData(data)
        .storeDurably().build();
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key.toString(), GROUP).forJob(job)
        .startAt(Date.from(at))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
    quartz.scheduleJob(job, java.util.Set.of(trigger), true);
  }

  /** Drops the timer of {@code key}, if any. */
  public void cancel(ScheduledJobKey key) throws SchedulerException {
    quartz.unscheduleJob(TriggerKey.triggerKey(key.toString(), GROUP));
    quartz.deleteJob(JobKey.jobKey(key.toString(), GROUP));
  }

  /** The instant the timer of {@code key} fires, if it has one. */
  public java.util.Optional<Instant> timerOf(ScheduledJobKey key) throws SchedulerException {
    Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey(key.toString(), GROUP));
    return java.util.Optional.ofNullable(trigger).map(t -> t.getNextFireTime()).map(Date::toInstant);
  }

  @Override
  public void close() throws SchedulerException {
    if (!quartz.isShutdown()) {
      quartz.shutdown(true);
    }
  }

  /** The Quartz job of a ScheduledJob's timer: hands its key to the callback. */
  public static final class WakeJob implements org.quartz.Job {
    @Override
    @SuppressWarnings("unchecked")
    public void execute(JobExecutionContext context) throws org.quartz.JobExecutionException {
      try {
        Consumer<ScheduledJobKey> callback = (Consumer<ScheduledJobKey>) context.getScheduler().getContext().get(CALLBACK);
        callback.accept(ScheduledJobKey.parse(context.getMergedJobDataMap().getString(KEY)));
      } catch (SchedulerException e) {
        throw new org.quartz.JobExecutionException(e);
      }
    }
  }

  /** The Quartz job of the periodic safety check. */
  public static final class SafetyCheckJob implements org.quartz.Job {
    @Override
    public void execute(JobExecutionContext context) throws org.quartz.JobExecutionException {
      try {
        ((Runnable) context.getScheduler().getContext().get("safetyCheck")).run();
      } catch (SchedulerException e) {
        throw new org.quartz.JobExecutionException(e);
      }
    }
  }
}
