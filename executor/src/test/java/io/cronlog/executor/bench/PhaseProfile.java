package io.cronlog.executor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;

/**
 * async-profiler over one measured phase, when the benchmark is given {@code
 * -Dcronlog.bench.profile=DIR}: each phase's samples of every thread, kernel frames included, go to
 * {@code DIR/NN-phase.collapsed}, one stack per line led by its thread's name, for comparing where
 * two phases spend their CPU. JFR samples only a few threads per period, too few to rank what the
 * executor's workers do; on this machine a third of every phase's CPU is in the kernel, which JFR
 * does not see. Off unless asked for: a profiler at 1 kHz costs the phase about a fifth of its
 * rate.
 */
final class PhaseProfile {

  static final String DIRECTORY_PROPERTY = "cronlog.bench.profile";

  /** The event sampled, {@code cpu} unless {@code -Dcronlog.bench.profile.event} says otherwise. */
  private static final String EVENT = System.getProperty(DIRECTORY_PROPERTY + ".event", "cpu");

  private static final PhaseProfile OFF = new PhaseProfile(null, null);
  private static PhaseProfile configured;

  private final AsyncProfiler profiler;
  private final Path directory;
  private final AtomicInteger phases = new AtomicInteger();

  private PhaseProfile(AsyncProfiler profiler, Path directory) {
    this.profiler = profiler;
    this.directory = directory;
  }

  /** The profile the system properties ask for: off, or into their directory. */
  static synchronized PhaseProfile configured() {
    if (configured == null) {
      String directory = System.getProperty(DIRECTORY_PROPERTY);
      try {
        configured =
            directory == null
                ? OFF
                : new PhaseProfile(
                    AsyncProfilerLoader.load(), Files.createDirectories(Path.of(directory)));
      } catch (IOException e) {
        throw new UncheckedIOException("async-profiler could not be loaded", e);
      }
    }
    return configured;
  }

  /** Starts sampling every thread, once a millisecond of CPU. */
  void start() {
    if (profiler != null) {
      run("start,event=" + EVENT + ",interval=1ms,threads");
    }
  }

  /** Stops sampling and writes the phase's stacks, numbered in the order the phases ran. */
  void stop(String phase) {
    if (profiler != null) {
      Path file =
          directory.resolve(String.format("%02d-%s.collapsed", phases.incrementAndGet(), phase));
      run("stop,collapsed,file=" + file);
    }
  }

  private void run(String command) {
    try {
      profiler.execute(command);
    } catch (IOException e) {
      throw new UncheckedIOException("async-profiler failed: " + command, e);
    }
  }
}
