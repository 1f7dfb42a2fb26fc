package io.cronlog.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.SslConfigs;

/**
 * TLS towards the brokers: whom to trust, and the client certificate a listener with {@code
 * authentication: tls} asks for, in the forms Strimzi's Secrets hold them: {@code ca.crt} (PEM) or
 * {@code ca.p12} with {@code ca.password}; {@code user.p12} with {@code user.password}, or {@code
 * user.crt} with {@code user.key} (PEM).
 *
 * @param truststore the brokers' CA; null trusts the JVM's default CAs
 * @param keystore the client certificate as a PKCS12 or JKS store; null when none or PEM
 * @param pemKeyPair the client certificate as PEM files; null when none or a store
 */
public record TlsSettings(Store truststore, Store keystore, PemKeyPair pemKeyPair) {

  public static final String TRUSTSTORE_LOCATION = "KAFKA_SSL_TRUSTSTORE_LOCATION";
  public static final String TRUSTSTORE_TYPE = "KAFKA_SSL_TRUSTSTORE_TYPE";
  public static final String TRUSTSTORE_PASSWORD_FILE = "KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE";
  public static final String KEYSTORE_LOCATION = "KAFKA_SSL_KEYSTORE_LOCATION";
  public static final String KEYSTORE_TYPE = "KAFKA_SSL_KEYSTORE_TYPE";
  public static final String KEYSTORE_PASSWORD_FILE = "KAFKA_SSL_KEYSTORE_PASSWORD_FILE";
  public static final String CERTIFICATE_FILE = "KAFKA_SSL_CERTIFICATE_FILE";
  public static final String KEY_FILE = "KAFKA_SSL_KEY_FILE";

  /** Every key of TLS, to refuse them with a protocol that has none. */
  static final Set<String> KEYS =
      Set.of(
          TRUSTSTORE_LOCATION,
          TRUSTSTORE_TYPE,
          TRUSTSTORE_PASSWORD_FILE,
          KEYSTORE_LOCATION,
          KEYSTORE_TYPE,
          KEYSTORE_PASSWORD_FILE,
          CERTIFICATE_FILE,
          KEY_FILE);

  private static final List<String> TYPES = List.of("PEM", "PKCS12", "JKS");

  /** A trust or key store file; {@code password} null where the type needs none (PEM). */
  public record Store(Path location, String type, Secret password) {}

  /** A client certificate chain and its PKCS#8 private key, as PEM text read at start. */
  public record PemKeyPair(
      Path certificateFile, String certificateChain, Path keyFile, Secret key) {}

  /** Reads the TLS keys; the files must exist and fit their types. */
  static TlsSettings from(Env env) {
    return new TlsSettings(truststore(env), keystore(env), pemKeyPair(env));
  }

  private static Store truststore(Env env) {
    Path location = env.file(TRUSTSTORE_LOCATION);
    if (location == null) {
      env.forbid(
          Set.of(TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD_FILE), TRUSTSTORE_LOCATION + " is not");
      return null;
    }
    String type = env.oneOf(TRUSTSTORE_TYPE, typeOf(location), TYPES);
    if (type.equals("PEM")) {
      env.forbid(Set.of(TRUSTSTORE_PASSWORD_FILE), "a PEM truststore has no password");
    }
    return new Store(location, type, env.secretFile(TRUSTSTORE_PASSWORD_FILE));
  }

  private static Store keystore(Env env) {
    Path location = env.file(KEYSTORE_LOCATION);
    if (location == null) {
      env.forbid(Set.of(KEYSTORE_TYPE, KEYSTORE_PASSWORD_FILE), KEYSTORE_LOCATION + " is not");
      return null;
    }
    env.forbid(
        Set.of(CERTIFICATE_FILE, KEY_FILE),
        KEYSTORE_LOCATION + " already names the client certificate");
    String type = env.oneOf(KEYSTORE_TYPE, typeOf(location), List.of("PKCS12", "JKS"));
    Secret password = env.secretFile(KEYSTORE_PASSWORD_FILE);
    if (password == null) {
      throw new IllegalArgumentException(
          KEYSTORE_PASSWORD_FILE
              + " must be set with "
              + KEYSTORE_LOCATION
              + " (Strimzi's user.password for user.p12)");
    }
    return new Store(location, type, password);
  }

  private static PemKeyPair pemKeyPair(Env env) {
    Path certificate = env.file(CERTIFICATE_FILE);
    Path key = env.file(KEY_FILE);
    if (certificate == null && key == null) {
      return null;
    }
    if (certificate == null || key == null) {
      throw new IllegalArgumentException(
          (certificate == null ? CERTIFICATE_FILE : KEY_FILE)
              + " must be set with "
              + (certificate == null ? KEY_FILE : CERTIFICATE_FILE));
    }
    String chain = read(CERTIFICATE_FILE, certificate);
    if (!chain.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          CERTIFICATE_FILE + " names " + certificate + ", which holds no PEM certificate");
    }
    Secret privateKey = env.secretFile(KEY_FILE);
    String text = privateKey.reveal();
    // Kafka reads PKCS#8 only; an OpenSSL "RSA PRIVATE KEY" would fail later, less plainly.
    if (!text.contains("-----BEGIN PRIVATE KEY-----")
        && !text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          KEY_FILE
              + " names "
              + key
              + ", which holds no PKCS#8 PEM private key "
              + "(BEGIN PRIVATE KEY); convert it with openssl pkcs8 -topk8 -nocrypt");
    }
    return new PemKeyPair(certificate, chain, key, privateKey);
  }

  /**
   * The client properties of TLS; empty when nothing is configured (the JVM's CAs, no certificate).
   */
  Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    if (truststore != null) {
      props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.location().toString());
      props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststore.type());
      if (truststore.password() != null) {
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststore.password().reveal());
      }
    }
    if (keystore != null) {
      props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore.location().toString());
      props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, keystore.type());
      props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, keystore.password().reveal());
    }
    if (pemKeyPair != null) {
      // Kafka takes a PEM key pair as text, not as files: Strimzi's user.crt and user.key, read at
      // start.
      props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
      props.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, pemKeyPair.certificateChain());
      props.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, pemKeyPair.key().reveal());
    }
    return props;
  }

  /** The store type a file name suggests: Strimzi's ca.crt is PEM, its .p12 files PKCS12. */
  private static String typeOf(Path location) {
    String name = location.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".crt") || name.endsWith(".pem")) {
      return "PEM";
    }
    return name.endsWith(".jks") ? "JKS" : "PKCS12";
  }

  private static String read(String key, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          key + " names " + file + ", which cannot be read: " + e.getMessage(), e);
    }
  }
}
