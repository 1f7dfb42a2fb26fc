package io.cronlog.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

  private static final String PASSWORD = "s3cr\"et\\pw";

  @TempDir Path dir;

  @Test
  void plaintextByDefaultAddsNoClientProperty() {
    KafkaSettings settings =
        KafkaSettings.from(new Env(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")));

    assertThat(settings.security()).isEqualTo(KafkaSecurity.plaintext());
    assertThat(settings.clientProperties()).isEqualTo(Map.of("bootstrap.servers", "kafka:9092"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void scramUserGetsItsPasswordFromTheFileIntoAJaasLineKafkaParsesBack() throws Exception {
    Map<String, Object> props =
        settings(
                Map.of(
                    "KAFKA_SECURITY_PROTOCOL",
                    "sasl_plaintext",
                    "KAFKA_SASL_USERNAME",
                    "cronlog-watcher",
                    "KAFKA_SASL_PASSWORD_FILE",
                    file("password", PASSWORD + "\n")))
            .clientProperties();

    assertThat(props)
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    Map<String, Object> options =
        (Map<String, Object>)
            JaasContext.loadClientContext(new AdminClientConfig(props).values())
                .configurationEntries()
                .get(0)
                .getOptions();
    assertThat(options)
        .containsEntry("username", "cronlog-watcher")
        .containsEntry("password", PASSWORD);
  }

  @Test
  void plainUsesThePlainLoginModule() throws Exception {
    Map<String, Object> props =
        settings(
                Map.of(
                    "KAFKA_SECURITY_PROTOCOL",
                    "SASL_SSL",
                    "KAFKA_SASL_MECHANISM",
                    "PLAIN",
                    "KAFKA_SASL_USERNAME",
                    "audit",
                    "KAFKA_SASL_PASSWORD_FILE",
                    file("password", "pw")))
            .clientProperties();

    assertThat((String) props.get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
    assertThat(props).doesNotContainKey("ssl.truststore.location");
  }

  @Test
  void noSecretInTheLoggedForm() throws Exception {
    KafkaSettings settings =
        settings(
            Map.of(
                "KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "KAFKA_SASL_USERNAME",
                "cronlog-executor",
                "KAFKA_SASL_PASSWORD_FILE",
                file("password", PASSWORD)));

    assertThat(settings.security().toString())
        .isEqualTo("SASL_PLAINTEXT SCRAM-SHA-512 user cronlog-executor password [hidden]");
    assertThat(settings.toString()).contains("[hidden]").doesNotContain(PASSWORD);
    assertThat(new AdminClientConfig(settings.clientProperties()).values().toString())
        .doesNotContain(PASSWORD);
  }

  @Test
  void strimziPemFilesMakeAClientKafkaCanBuildTlsFrom() throws Exception {
    StrimziFiles strimzi = StrimziFiles.writeTo(dir);
    KafkaSettings settings =
        settings(
            Map.of(
                "KAFKA_SECURITY_PROTOCOL",
                "SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION",
                strimzi.caCrt.toString(),
                "KAFKA_SSL_CERTIFICATE_FILE",
                strimzi.userCrt.toString(),
                "KAFKA_SSL_KEY_FILE",
                strimzi.userKey.toString()));

    assertThat(settings.clientProperties())
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.keystore.type", "PEM");
    assertThat(clientEngine(settings)).isNotNull();
    assertThat(settings.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void strimziP12AndItsPasswordFileMakeAClientKafkaCanBuildTlsFrom() throws Exception {
    StrimziFiles strimzi = StrimziFiles.writeTo(dir);
    KafkaSettings settings =
        settings(
            Map.of(
                "KAFKA_SECURITY_PROTOCOL",
                "SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION",
                strimzi.caCrt.toString(),
                "KAFKA_SSL_KEYSTORE_LOCATION",
                strimzi.userP12.toString(),
                "KAFKA_SSL_KEYSTORE_PASSWORD_FILE",
                strimzi.userPassword.toString()));

    assertThat(settings.clientProperties())
        .containsEntry("ssl.keystore.type", "PKCS12")
        .containsEntry("ssl.keystore.password", StrimziFiles.STORE_PASSWORD);
    assertThat(clientEngine(settings)).isNotNull();
    assertThat(settings.toString()).doesNotContain(StrimziFiles.STORE_PASSWORD);
  }

  @Test
  @SuppressWarnings("unchecked")
  void oauthClientFetchesTokensFromItsEndpointWhichKafkaIsToldToAllow() throws Exception {
    Map<String, Object> props =
        settings(
                Map.of(
                    "KAFKA_SECURITY_PROTOCOL",
                    "SASL_SSL",
                    "KAFKA_SASL_MECHANISM",
                    "OAUTHBEARER",
                    "KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL",
                    "https://sso.example.com/token",
                    "KAFKA_SASL_OAUTHBEARER_CLIENT_ID",
                    "cronlog-scheduler",
                    "KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE",
                    file("client-secret", PASSWORD)))
            .clientProperties();

    assertThat(props)
        .containsEntry("sasl.oauthbearer.token.endpoint.url", "https://sso.example.com/token")
        .containsEntry(
            "sasl.login.callback.handler.class",
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
    Map<String, Object> options =
        (Map<String, Object>)
            JaasContext.loadClientContext(new AdminClientConfig(props).values())
                .configurationEntries()
                .get(0)
                .getOptions();
    assertThat(options)
        .containsEntry("clientId", "cronlog-scheduler")
        .containsEntry("clientSecret", PASSWORD);
    assertThat(System.getProperty(SaslSettings.ALLOWED_URLS_PROPERTY))
        .contains("https://sso.example.com/token");
  }

  @Test
  void aSaslMechanismWithoutItsPasswordFileStopsTheStartNamingTheKey() {
    assertThatThrownBy(
            () ->
                settings(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "u")))
        .hasMessageStartingWith("KAFKA_SASL_PASSWORD_FILE must be set");
  }

  @Test
  void aMissingFileStopsTheStartNamingTheKeyAndTheFile() {
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_USERNAME",
                        "u",
                        "KAFKA_SASL_PASSWORD_FILE",
                        "/no/such/password")))
        .hasMessage("KAFKA_SASL_PASSWORD_FILE names /no/such/password, which is not a file");
  }

  @Test
  void anEmptyPasswordFileStopsTheStart() throws Exception {
    String empty = file("empty", "\n");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_USERNAME",
                        "u",
                        "KAFKA_SASL_PASSWORD_FILE",
                        empty)))
        .hasMessage("KAFKA_SASL_PASSWORD_FILE names " + empty + ", which is empty");
  }

  @Test
  void keysTheProtocolWouldIgnoreStopTheStart() throws Exception {
    assertThatThrownBy(() -> settings(Map.of("KAFKA_SASL_USERNAME", "u")))
        .hasMessage(
            "KAFKA_SASL_USERNAME is set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT, which does not use SASL");
    String ca = file("ca.crt", "-----BEGIN CERTIFICATE-----");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_PLAINTEXT",
                        "KAFKA_SASL_USERNAME",
                        "u",
                        "KAFKA_SASL_PASSWORD_FILE",
                        file("pw", "pw"),
                        "KAFKA_SSL_TRUSTSTORE_LOCATION",
                        ca)))
        .hasMessage(
            "KAFKA_SSL_TRUSTSTORE_LOCATION is set, but KAFKA_SECURITY_PROTOCOL is SASL_PLAINTEXT, "
                + "which does not use TLS");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_USERNAME",
                        "u",
                        "KAFKA_SASL_PASSWORD_FILE",
                        file("pw", "pw"),
                        "KAFKA_SASL_OAUTHBEARER_CLIENT_ID",
                        "c")))
        .hasMessage(
            "KAFKA_SASL_OAUTHBEARER_CLIENT_ID is set, but KAFKA_SASL_MECHANISM is SCRAM-SHA-512, not OAUTHBEARER");
  }

  @Test
  void badValuesAndHalfPairsStopTheStartNamingTheKey() throws Exception {
    assertThatThrownBy(() -> settings(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")))
        .hasMessage(
            "KAFKA_SECURITY_PROTOCOL must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, was 'TLS'");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "GSSAPI")))
        .hasMessageStartingWith("KAFKA_SASL_MECHANISM must be one of SCRAM-SHA-512");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SSL",
                        "KAFKA_SSL_KEYSTORE_LOCATION",
                        file("user.p12", "x"))))
        .hasMessageStartingWith(
            "KAFKA_SSL_KEYSTORE_PASSWORD_FILE must be set with KAFKA_SSL_KEYSTORE_LOCATION");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SSL",
                        "KAFKA_SSL_KEY_FILE",
                        file("user.key", "x"))))
        .hasMessage("KAFKA_SSL_CERTIFICATE_FILE must be set with KAFKA_SSL_KEY_FILE");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SSL",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION",
                        file("ca.crt", "x"),
                        "KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE",
                        file("pw", "pw"))))
        .hasMessage(
            "KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE is set, but a PEM truststore has no password");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_MECHANISM",
                        "OAUTHBEARER",
                        "KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL",
                        "https://sso/token",
                        "KAFKA_SASL_OAUTHBEARER_CLIENT_ID",
                        "c")))
        .hasMessageStartingWith("KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE must be set");
  }

  @Test
  void anRsaPrivateKeyIsRefusedBeforeKafkaWouldFailOnIt() throws Exception {
    String crt = file("user.crt", "-----BEGIN CERTIFICATE-----\n");
    String key = file("user.key", "-----BEGIN RSA PRIVATE KEY-----\n");
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SSL",
                        "KAFKA_SSL_CERTIFICATE_FILE",
                        crt,
                        "KAFKA_SSL_KEY_FILE",
                        key)))
        .hasMessageStartingWith(
            "KAFKA_SSL_KEY_FILE names " + key + ", which holds no PKCS#8 PEM private key")
        .hasMessageNotContaining("BEGIN RSA");
  }

  private static SSLEngine clientEngine(KafkaSettings settings) {
    try (DefaultSslEngineFactory factory = new DefaultSslEngineFactory()) {
      factory.configure(new AdminClientConfig(settings.clientProperties()).values());
      return factory.createClientSslEngine("localhost", 9093, "https");
    }
  }

  private static KafkaSettings settings(Map<String, String> security) {
    Map<String, String> env = new HashMap<>(security);
    env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093");
    return KafkaSettings.from(new Env(env));
  }

  private String file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content).toString();
  }
}
