package io.cronlog.faults.scenario;

import io.cronlog.faults.cluster.Cluster;
import java.time.Duration;

/** One thing a scenario does to the cluster, {@code at} after its window opened. */
public record Step(Duration at, String what, Action action) {

  /** What a step does; may block for the length of the fault (a broker outage). */
  @FunctionalInterface
  public interface Action {
    void run(Cluster cluster) throws Exception;
  }

  @Override
  public String toString() {
    return "+" + at.toMillis() / 1000.0 + "s " + what;
  }
}
