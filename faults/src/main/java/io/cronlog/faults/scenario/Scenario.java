package io.cronlog.faults.scenario;

import java.time.Duration;
import java.util.List;

/**
 * A named fault drill: its steps and how long its window is (whole minutes, so that each window
 * holds the same due times for every ScheduledJob). The window opens on a minute, when every
 * ScheduledJob falls due at once: the burst the faults are aimed at.
 */
public record Scenario(String name, Duration window, List<Step> steps) {

  public Scenario {
    steps = List.copyOf(steps);
    if (window.toSeconds() % 60 != 0 || window.isZero()) {
      throw new IllegalArgumentException("a window is whole minutes, was " + window);
    }
    steps.stream()
        .filter(step -> step.at().compareTo(window) >= 0)
        .findFirst()
        .ifPresent(
            step -> {
              throw new IllegalArgumentException(
                  name + ": step " + step + " lies past its window of " + window);
            });
  }
}
