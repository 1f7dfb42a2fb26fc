package io.cronlog.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronlog.runtime.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

  static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env-kafka:9092");

  @TempDir Path work;

  @Test
  void theFlagBeatsTheEnvironmentAndTheDevBroker() throws IOException {
    startDev();

    KafkaConnection connection = KafkaConnection.resolve(flags("flag-kafka:9092"), ENV, work);

    assertThat(connection.bootstrapServers()).isEqualTo("flag-kafka:9092");
    assertThat(connection.describe()).isEqualTo("flag-kafka:9092 (from --bootstrap-servers)");
    assertThat(connection.clientProperties())
        .isEqualTo(Map.of("bootstrap.servers", "flag-kafka:9092"));
  }

  @Test
  void theEnvironmentBeatsTheDevBroker() throws IOException {
    startDev();

    KafkaConnection connection = KafkaConnection.resolve(KafkaConnection.Flags.none(), ENV, work);

    assertThat(connection.describe()).isEqualTo("env-kafka:9092 (from KAFKA_BOOTSTRAP_SERVERS)");
  }

  @Test
  void aRunningCronlogDevIsFoundInItsDirectory() throws IOException {
    startDev();

    KafkaConnection connection =
        KafkaConnection.resolve(KafkaConnection.Flags.none(), Map.of(), work);

    assertThat(connection.describe())
        .isEqualTo("localhost:40123 (from .cronlog/dev/kafka.properties, written by cronlog dev)");
    assertThat(connection.clientProperties())
        .isEqualTo(Map.of("bootstrap.servers", "localhost:40123"));
  }

  @Test
  void withNowhereToReadFromSaysWhatToDoInOneLine() {
    assertThatThrownBy(() -> KafkaConnection.resolve(KafkaConnection.Flags.none(), Map.of(), work))
        .isInstanceOf(TrailUnavailableException.class)
        .hasMessage(
            "nowhere to read the trail from: pass --bootstrap-servers, set KAFKA_BOOTSTRAP_SERVERS"
                + " or start cronlog dev in this directory");
  }

  @Test
  void aStoppedCronlogDevLeavesNothingToFind() throws IOException {
    startDev().close();

    assertThatThrownBy(() -> KafkaConnection.resolve(KafkaConnection.Flags.none(), Map.of(), work))
        .hasMessageStartingWith("nowhere to read the trail from");
  }

  @Test
  void mergesTheClientConfigFileUnderTheResolvedAddress() throws IOException {
    Files.writeString(
        work.resolve("client.properties"),
        """
        security.protocol=SASL_SSL
        sasl.mechanism=PLAIN
        bootstrap.servers=file-kafka:9093
        """);

    KafkaConnection connection =
        KafkaConnection.resolve(
            new KafkaConnection.Flags("flag-kafka:9092", null, Path.of("client.properties")),
            Map.of(),
            work);

    assertThat(connection.clientProperties())
        .isEqualTo(
            Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "PLAIN",
                "bootstrap.servers",
                "flag-kafka:9092"));
  }

  @Test
  void theServicesSecurityKeysApplyAndTheClientConfigFileWinsOverThem() throws IOException {
    Files.writeString(work.resolve("audit.password"), "audit-secret");
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS",
            "k:9092",
            "KAFKA_SECURITY_PROTOCOL",
            "SASL_PLAINTEXT",
            "KAFKA_SASL_USERNAME",
            "cronlog-audit",
            "KAFKA_SASL_PASSWORD_FILE",
            work.resolve("audit.password").toString());
    Files.writeString(work.resolve("client.properties"), "sasl.mechanism=SCRAM-SHA-256\n");

    Map<String, Object> fromEnv =
        KafkaConnection.resolve(KafkaConnection.Flags.none(), env, work).clientProperties();
    Map<String, Object> withFile =
        KafkaConnection.resolve(
                new KafkaConnection.Flags(null, null, Path.of("client.properties")), env, work)
            .clientProperties();

    assertThat(fromEnv)
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat((String) fromEnv.get("sasl.jaas.config")).contains("username=\"cronlog-audit\"");
    assertThat(withFile).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
  }

  @Test
  void aBadSecurityKeyIsOneLineNamingIt() {
    Map<String, String> env =
        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

    assertThatThrownBy(() -> KafkaConnection.resolve(KafkaConnection.Flags.none(), env, work))
        .isInstanceOf(TrailUnavailableException.class)
        .hasMessageStartingWith("KAFKA_SASL_USERNAME must be set");
  }

  @Test
  void aClientConfigFileThatNamesItsClusterBeatsTheDevBroker() throws IOException {
    startDev();
    Files.writeString(work.resolve("prod.properties"), "bootstrap.servers=file-kafka:9093\n");

    KafkaConnection connection =
        KafkaConnection.resolve(
            new KafkaConnection.Flags(null, null, Path.of("prod.properties")), Map.of(), work);

    assertThat(connection.describe()).isEqualTo("file-kafka:9093 (from prod.properties)");
  }

  @Test
  void aMissingClientConfigFileIsNamed() {
    assertThatThrownBy(
            () ->
                KafkaConnection.resolve(
                    new KafkaConnection.Flags(
                        "flag-kafka:9092", null, Path.of("absent.properties")),
                    Map.of(),
                    work))
        .isInstanceOf(TrailUnavailableException.class)
        .hasMessage(
            "the client config file " + work.resolve("absent.properties") + " does not exist");
  }

  @Test
  void theTopicPrefixComesFromTheFlagThenTheEnvironmentThenTheDefault() {
    Map<String, String> env =
        Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "CRONLOG_TOPIC_PREFIX", "staging.");

    assertThat(
            KafkaConnection.resolve(new KafkaConnection.Flags(null, "qa.", null), env, work)
                .topics())
        .isEqualTo(new Topics("qa."));
    assertThat(KafkaConnection.resolve(KafkaConnection.Flags.none(), env, work).topics())
        .isEqualTo(new Topics("staging."));
    assertThat(KafkaConnection.resolve(KafkaConnection.Flags.none(), ENV, work).topics())
        .isEqualTo(new Topics("cronlog."));
  }

  @Test
  void anIllegalTopicPrefixIsOneLine() {
    assertThatThrownBy(
            () -> KafkaConnection.resolve(new KafkaConnection.Flags(null, "a b", null), ENV, work))
        .isInstanceOf(TrailUnavailableException.class)
        .hasMessage("topic prefix 'a b' may hold only letters, digits, '.', '_' and '-'");
  }

  /** What {@code cronlog dev} leaves while it runs with its default kubeconfig. */
  private DevKafkaFile startDev() throws IOException {
    return DevKafkaFile.write(work.resolve(".cronlog/dev"), "localhost:40123");
  }

  private static KafkaConnection.Flags flags(String bootstrapServers) {
    return new KafkaConnection.Flags(bootstrapServers, null, null);
  }
}
