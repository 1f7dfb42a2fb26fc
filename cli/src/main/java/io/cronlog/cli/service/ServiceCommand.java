package io.cronlog.cli.service;

import io.cronlog.audit.read.TrailUnavailableException;
import io.cronlog.cli.CommandContext;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.service.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cronlog service NAME}: one service in the foreground, as the image runs it: its production
 * {@code Main} in a JVM of its own, configured by the environment alone, logging to standard
 * output. Next to a running {@code cronlog dev} it joins that one.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one service, watcher, scheduler or executor, in the foreground, as the image does.",
      "%nThe service is its production Main in a JVM of its own, configured by the environment alone "
          + "(docs/configuration.md lists every key) and logging to standard output. Where the environment "
          + "names no Kafka and a cronlog dev runs in this directory, it joins that one: its broker, its "
          + "Kubernetes API, its partitions and, for an executor, its API budget; so a second executor started "
          + "this way takes a share of the partitions (see cronlog status). Its metrics and health answer on "
          + "CRONLOG_OPS_PORT, else on a free port it prints. Ctrl-C (SIGTERM) stops it as a pod is stopped."
    })
public final class ServiceCommand implements Callable<Integer> {

  private static final String LOGGING = "io/cronlog/cli/service/logback.xml";

  @Spec private CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "watcher, scheduler or executor.")
  private String name;

  private final CommandContext context;

  public ServiceCommand() {
    this(CommandContext.system());
  }

  ServiceCommand(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Service service = service(spec.commandLine());
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env;
    try {
      env = ServiceEnvironment.of(service, context);
    } catch (TrailUnavailableException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return 2;
    }
    if (!context.env().containsKey(ServiceEnvironment.OPS_PORT)) {
      env.put(ServiceEnvironment.OPS_PORT, Integer.toString(freePort()));
    }
    out.printf(
        "%s: Kafka %s, metrics and health on http://127.0.0.1:%s/metrics%n",
        service.text(),
        env.get(KafkaSettings.BOOTSTRAP_SERVERS),
        env.get(ServiceEnvironment.OPS_PORT));
    out.flush();
    Process process = start(service, env);
    // Ctrl-C or SIGTERM reach this JVM; the service gets the same, and its shutdown hook runs.
    Thread forward = new Thread(() -> stop(process), "cronlog-service-stop");
    Runtime.getRuntime().addShutdownHook(forward);
    int status = process.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(forward);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook is what ended the service.
    }
    return status;
  }

  private Service service(CommandLine command) {
    try {
      return Service.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          command, "'" + name + "' is not watcher, scheduler or executor");
    }
  }

  private Process start(Service service, Map<String, String> env) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Dlogback.configurationFile=" + LOGGING,
                "-cp",
                System.getProperty("java.class.path"),
                service.mainClass()));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(context.workingDirectory().toFile()).inheritIO();
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  /** SIGTERM, then what a kubelet gives a pod: 30 s to stop. */
  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
