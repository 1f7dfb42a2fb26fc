package io.cronlog.cli.service;

import io.cronlog.audit.read.DevFiles;
import io.cronlog.audit.read.DevKafkaFile;
import io.cronlog.audit.read.TrailUnavailableException;
import io.cronlog.cli.CommandContext;
import io.cronlog.cli.dev.DevStack;
import io.cronlog.cli.dev.Services;
import io.cronlog.ops.OpsConfig;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.service.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment a service started by {@code cronlog service} gets: the user's, or the running
 * cronlog dev's.
 */
final class ServiceEnvironment {

  static final String OPS_PORT = OpsConfig.PORT;

  private ServiceEnvironment() {}

  /**
   * The user's environment as it is when it names a Kafka; else the user's environment joined to
   * the cronlog dev running in the working directory.
   *
   * @throws TrailUnavailableException when it names no Kafka and no cronlog dev runs there
   */
  static Map<String, String> of(Service service, CommandContext context) {
    Map<String, String> env = new HashMap<>(context.env());
    if (!blank(env.get(KafkaSettings.BOOTSTRAP_SERVERS))) {
      return env;
    }
    Path kafkaFile = DevFiles.kafkaFile(context.workingDirectory());
    String servers = null;
    if (Files.exists(kafkaFile)) {
      try {
        servers = DevKafkaFile.bootstrapServers(kafkaFile);
      } catch (IOException e) {
        throw new TrailUnavailableException("cannot read " + kafkaFile + ": " + e.getMessage(), e);
      }
    }
    if (servers == null) {
      throw new TrailUnavailableException(
          "no Kafka to join: set "
              + KafkaSettings.BOOTSTRAP_SERVERS
              + " (docs/configuration.md lists every key), or start cronlog dev in this directory first");
    }
    env.put(KafkaSettings.BOOTSTRAP_SERVERS, servers);
    env.putIfAbsent(KafkaSettings.PARTITIONS, Integer.toString(DevStack.PARTITIONS));
    Path kubeconfig = DevFiles.kubeconfig(context.workingDirectory());
    if (blank(env.get("KUBECONFIG")) && Files.exists(kubeconfig)) {
      env.put("KUBECONFIG", kubeconfig.toString());
    }
    return service == Service.EXECUTOR ? new HashMap<>(Services.withDevRateLimits(env)) : env;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
