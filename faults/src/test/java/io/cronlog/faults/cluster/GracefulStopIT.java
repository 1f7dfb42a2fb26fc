package io.cronlog.faults.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.runtime.service.Service;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as the kubelet sends it when a pod is deleted or scaled away: each service, a process of
 * its production {@code Main}, stops within the pod's grace period and says goodbye on the way out.
 * Its consumer group has lost it at once, not a session timeout later, and the watcher's Lease is
 * released, so the next owner takes over within a second.
 */
class GracefulStopIT {

  /** The services' logs, kept for a failure's reader. */
  private final Path logs = Path.of("target", "graceful-stop");

  private Cluster cluster;
  private Admin admin;

  @BeforeEach
  void startTheServicesAsProcesses() throws Exception {
    cluster = Cluster.start(logs);
    admin =
        Admin.create(
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
  }

  @AfterEach
  void stopEverything() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void eachServiceStopsWithinTheGracePeriodLeavingItsGroupAndReleasingTheLease() throws Exception {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                members(ExecutorConfig.DEFAULT_GROUP) == 1
                    && members(SchedulerConfig.DEFAULT_GROUP) == 1
                    && lease() != null
                    && lease().getSpec().getLeaseDurationSeconds() > 1);

    ServiceProcess.Stopped executor = single(cluster.stop(Service.EXECUTOR));
    assertStoppedCleanly(executor);
    assertThat(members(ExecutorConfig.DEFAULT_GROUP)).as("the executor left its group").isZero();

    ServiceProcess.Stopped scheduler = single(cluster.stop(Service.SCHEDULER));
    assertStoppedCleanly(scheduler);
    assertThat(members(SchedulerConfig.DEFAULT_GROUP)).as("the scheduler left its group").isZero();
    assertThat(log(scheduler)).contains("The scheduler stopped");

    ServiceProcess.Stopped watcher = single(cluster.stop(Service.WATCHER));
    assertStoppedCleanly(watcher);
    // fabric8 releases a Lease by cutting its duration to one second from the release: a follower
    // takes it a second later instead of after the 15 s it was renewed for.
    assertThat(lease().getSpec().getLeaseDurationSeconds())
        .as("the watcher released its Lease")
        .isEqualTo(1);
    assertThat(log(watcher)).contains("The watcher stopped");
  }

  private static void assertStoppedCleanly(ServiceProcess.Stopped stopped) throws Exception {
    assertThat(stopped.withinGracePeriod())
        .as("%s stopped before the kubelet's SIGKILL", stopped.name())
        .isTrue();
    // 143 = 128 + SIGTERM: the JVM's exit after its shutdown hooks ran.
    assertThat(stopped.exitStatus()).as("%s's exit status", stopped.name()).isIn(0, 143);
    assertThat(log(stopped)).as("%s's log", stopped.name()).doesNotContain(" ERROR ");
  }

  private static ServiceProcess.Stopped single(List<ServiceProcess.Stopped> stopped) {
    assertThat(stopped).hasSize(1);
    return stopped.get(0);
  }

  private static String log(ServiceProcess.Stopped stopped) throws Exception {
    return Files.readString(stopped.log(), StandardCharsets.UTF_8);
  }

  private int members(String group) throws Exception {
    ConsumerGroupDescription description =
        admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    return description.members().size();
  }

  private Lease lease() {
    return cluster
        .admin()
        .resources(Lease.class)
        .inNamespace("default")
        .withName(WatcherConfig.DEFAULT_LEASE_NAME)
        .get();
  }
}
