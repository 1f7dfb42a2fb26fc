package io.cronlog.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.cli.CommandContext;
import io.cronlog.cli.Cronlog;
import io.cronlog.cli.dev.DevStack;
import io.cronlog.cli.dev.ServiceEnvironment;
import io.cronlog.cli.dev.Services;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.testsupport.KafkaExtension;
import io.cronlog.testsupport.KafkaFixture;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cronlog status} on the services as {@code cronlog dev --executors 3} runs them: the
 * executors share the partitions, and when one stops the others take its share.
 */
@ExtendWith(KafkaExtension.class)
class StatusCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void showsThreeExecutorsSharingThePartitionsAndTwoAfterOneStops(KafkaFixture kafka)
      throws Exception {
    Map<String, String> env = ServiceEnvironment.of(kafka);
    try (DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      DevStack.installCrd(client);
      Path kubeconfig = api.writeKubeconfig(work.resolve("kubeconfig"));
      try (Services services =
          Services.start(api, service -> env, Clock.systemUTC(), new Services.Replicas(1, 3))) {
        JsonNode three =
            await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                    () -> statusJson(env, kubeconfig),
                    status -> settled(status, "executors", 3) && settled(status, "schedulers", 1));
        assertOwnedOnceEach(three, "executors", 3);
        assertOwnedOnceEach(three, "schedulers", 1);
        assertThat(three.at("/watcher/current").asBoolean()).as("a watcher leads").isTrue();
        assertThat(three.at("/commands")).hasSize(3);

        runNow(client);
        JsonNode ran =
            await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                    () -> statusJson(env, kubeconfig),
                    status -> status.at("/runs/created").asInt() == 1);
        assertThat(ran.at("/runs/last/scheduledJob").asText()).isEqualTo("default/hello");
        assertThat(ran.at("/runs/last/skew").isNull())
            .as("a manual run has no scheduled time")
            .isTrue();

        services.stopExecutor(0);
        JsonNode two =
            await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                    () -> statusJson(env, kubeconfig), status -> settled(status, "executors", 2));
        assertOwnedOnceEach(two, "executors", 2);

        Run text = status(env, "--kubeconfig", kubeconfig.toString());
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("executors", "2 members", "led by", "1 Job created since");
      }
    }
  }

  @Test
  void anOutputItCannotWriteIsOneLineAndExitStatus2() {
    Run run = status(Map.of(), "-o", "yaml");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .first()
        .asString()
        .contains("-o: 'yaml' is not text or json");
  }

  @Test
  void kafkaThatDoesNotAnswerIsOneLineAndExitStatus2() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    Run run =
        status(
            Map.of(),
            "--bootstrap-servers",
            "127.0.0.1:" + closedPort,
            "--kubeconfig",
            work.resolve("none").toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("cronlog status: Kafka at 127.0.0.1:" + closedPort)
        .contains("does not answer");
    assertThat(run.out()).isEmpty();
  }

  /**
   * Whether the group has {@code members} members, its three partitions are all owned, and each
   * member owns some: a group that has just lost or gained a member owns fewer until its rebalance
   * ends, and a cooperative rebalance hands a new member its share only in its second round.
   */
  private static boolean settled(JsonNode status, String role, int members) {
    List<JsonNode> group = members(status, role);
    return group.size() == members
        && owned(status, role).size() == 3
        && group.stream().noneMatch(member -> member.at("/owns").isEmpty());
  }

  /** Each of the group's partitions is owned by exactly one of its {@code members} members. */
  private static void assertOwnedOnceEach(JsonNode status, String role, int members) {
    List<JsonNode> group = members(status, role);
    assertThat(group).hasSize(members);
    for (JsonNode member : group) {
      assertThat(member.at("/owns"))
          .as("%s %s owns a share", role, member.at("/clientId"))
          .isNotEmpty();
    }
    assertThat(owned(status, role)).doesNotHaveDuplicates().hasSize(3);
  }

  private static List<String> owned(JsonNode status, String role) {
    List<String> owned = new ArrayList<>();
    for (JsonNode member : members(status, role)) {
      member
          .at("/owns")
          .forEach(
              topic ->
                  topic
                      .at("/partitions")
                      .forEach(p -> owned.add(topic.at("/topic").asText() + "-" + p.asInt())));
    }
    return owned;
  }

  private static List<JsonNode> members(JsonNode status, String role) {
    for (JsonNode group : status.at("/groups")) {
      if (group.at("/role").asText().equals(role)) {
        List<JsonNode> members = new ArrayList<>();
        group.at("/members").forEach(members::add);
        return members;
      }
    }
    throw new AssertionError("no group " + role + " in " + status);
  }

  private JsonNode statusJson(Map<String, String> env, Path kubeconfig) throws Exception {
    Run run = status(env, "--kubeconfig", kubeconfig.toString(), "-o", "json");
    assertThat(run.status()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static void runNow(KubernetesClient client) throws Exception {
    ScheduledJob hello =
        client
            .resources(ScheduledJob.class)
            .load(Files.newInputStream(Path.of("..", "examples", "hello.yaml")))
            .item();
    Map<String, String> annotations = new HashMap<>();
    if (hello.getMetadata().getAnnotations() != null) {
      annotations.putAll(hello.getMetadata().getAnnotations());
    }
    annotations.put(Runs.TRIGGER_ANNOTATION, Instant.now().toString());
    hello.getMetadata().setAnnotations(annotations);
    client.resource(hello).inNamespace("default").create();
  }

  private record Run(int status, String out, String err) {}

  private Run status(Map<String, String> env, String... args) {
    CommandContext context = new CommandContext(Clock.systemUTC(), env, work);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line =
        Cronlog.commandLine(
                new CommandLine.IFactory() {
                  @Override
                  public <K> K create(Class<K> type) throws Exception {
                    return type == StatusCommand.class
                        ? type.cast(new StatusCommand(context))
                        : CommandLine.defaultFactory().create(type);
                  }
                })
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("status"));
    all.addAll(List.of(args));
    int status = line.execute(all.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }
}
