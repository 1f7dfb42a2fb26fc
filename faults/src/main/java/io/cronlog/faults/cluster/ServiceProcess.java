package io.cronlog.faults.cluster;

import io.cronlog.runtime.service.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service running as its own OS process on the suite's class path, as its production {@code
 * Main} with its environment, so that a kill is a real SIGKILL: no shutdown hook, no flush, no
 * goodbye to the broker or the API. Output goes to a log file.
 */
public final class ServiceProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

  /** Small heaps and a quick JIT: the suite runs five JVMs and a broker on a couple of cores. */
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** A pod's default {@code terminationGracePeriodSeconds}, as deploy/ leaves it. */
  static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final Service service;
  private final Map<String, String> env;
  private final int opsPort;
  private final Path log;
  private Process process;

  /**
   * Set by a drill's kill or stop: this process is down on purpose, and no supervisor restarts it.
   */
  private volatile boolean meantDown;

  ServiceProcess(String name, Service service, Map<String, String> env, int opsPort, Path log) {
    this.name = name;
    this.service = service;
    this.env = Map.copyOf(env);
    this.opsPort = opsPort;
    this.log = log;
  }

  String name() {
    return name;
  }

  Service service() {
    return service;
  }

  Map<String, String> env() {
    return env;
  }

  void start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(service.mainClass());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    LOG.info("started {} (pid {}), log {}", name, process.pid(), log);
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    meantDown = true;
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
      LOG.info("killed {} (kill -9)", name);
    }
  }

  /**
   * SIGTERM, as a scale-down or a rollout stops a pod; SIGKILL if it has not stopped within the
   * grace period, as the kubelet does. Null if it was not running.
   */
  Stopped stop() throws InterruptedException {
    meantDown = true;
    if (process == null || !process.isAlive()) {
      return null;
    }
    long started = System.nanoTime();
    process.destroy();
    boolean inTime = process.waitFor(GRACE_PERIOD.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (!inTime) {
      LOG.warn("{} did not stop in {} s of SIGTERM; killing it", name, GRACE_PERIOD.toSeconds());
      kill();
    }
    LOG.info("stopped {} in {} ms", name, took.toMillis());
    return new Stopped(name, inTime, took, process.exitValue(), log);
  }

  /**
   * How a SIGTERM ended: within the grace period or killed after it, and the process's exit status.
   */
  public record Stopped(
      String name, boolean withinGracePeriod, Duration took, int exitStatus, Path log) {}

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Whether it exited without being killed or stopped: what a Deployment would restart. */
  boolean crashed() {
    return !meantDown && process != null && !process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  /**
   * Waits until {@code /readyz} answers 200; throws if the process dies or {@code deadline} passes.
   */
  void awaitReady(Instant deadline) throws InterruptedException {
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/readyz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (Instant.now().isBefore(deadline)) {
      if (!alive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(name + " was not ready in time; see " + log);
  }
}
