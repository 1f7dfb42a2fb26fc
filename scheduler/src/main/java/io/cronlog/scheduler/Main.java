package io.cronlog.scheduler;

import java.time.Clock;

/** Starts the scheduler from the environment. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    SchedulerService scheduler = new SchedulerService(SchedulerConfig.fromEnvironment(System.getenv()),
        Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "cronlog-scheduler-shutdown"));
    scheduler.start();
  }
}
