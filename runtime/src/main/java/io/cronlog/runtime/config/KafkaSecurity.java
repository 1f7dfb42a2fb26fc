package io.cronlog.runtime.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every Kafka client of a service connects: the protocol, who it is (SASL) and whom it trusts
 * (TLS). Secrets are read from files when the service starts and print as {@value Secret#MASK}.
 *
 * @param sasl null unless the protocol is SASL_PLAINTEXT or SASL_SSL
 * @param tls null unless the protocol is SSL or SASL_SSL
 */
public record KafkaSecurity(String protocol, SaslSettings sasl, TlsSettings tls) {

  public static final String SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
  private static final List<String> PROTOCOLS =
      List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  public KafkaSecurity {
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException(
          SECURITY_PROTOCOL + " must be one of " + PROTOCOLS + ", was " + protocol);
    }
    if ((sasl != null) != protocol.startsWith("SASL_")
        || (tls != null) != protocol.endsWith("SSL")) {
      throw new IllegalArgumentException(
          protocol
              + " needs "
              + (protocol.startsWith("SASL_") ? "" : "no ")
              + "SASL settings and "
              + (protocol.endsWith("SSL") ? "" : "no ")
              + "TLS settings");
    }
  }

  /** No TLS, no authentication: a PLAINTEXT listener, as {@code cronlog dev}'s broker has. */
  public static KafkaSecurity plaintext() {
    return new KafkaSecurity("PLAINTEXT", null, null);
  }

  /**
   * Reads the security keys and the files they name. A key that the protocol would ignore is an
   * error, not a silent no-op: a truststore set beside PLAINTEXT is a mistake about the listener.
   */
  public static KafkaSecurity from(Env env) {
    String protocol = env.oneOf(SECURITY_PROTOCOL, "PLAINTEXT", PROTOCOLS);
    boolean sasl = protocol.startsWith("SASL_");
    boolean tls = protocol.endsWith("SSL");
    if (!sasl) {
      env.forbid(
          SaslSettings.KEYS, SECURITY_PROTOCOL + " is " + protocol + ", which does not use SASL");
    }
    if (!tls) {
      env.forbid(
          TlsSettings.KEYS, SECURITY_PROTOCOL + " is " + protocol + ", which does not use TLS");
    }
    return new KafkaSecurity(
        protocol, sasl ? SaslSettings.from(env) : null, tls ? TlsSettings.from(env) : null);
  }

  /**
   * The client properties of security, to add to {@code bootstrap.servers}; none for PLAINTEXT,
   * Kafka's default.
   */
  public Map<String, Object> clientProperties() {
    if (protocol.equals("PLAINTEXT")) {
      return Map.of();
    }
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (sasl != null) {
      props.putAll(sasl.clientProperties());
    }
    if (tls != null) {
      props.putAll(tls.clientProperties());
    }
    return Map.copyOf(props);
  }

  /**
   * The protocol and who the service is, with no secret: {@code SASL_SSL SCRAM-SHA-512 user
   * cronlog-watcher}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(protocol);
    if (sasl != null) {
      text.append(' ')
          .append(sasl.mechanism())
          .append(
              sasl.oauth() == null
                  ? " user " + sasl.username() + " password " + sasl.password()
                  : " client "
                      + sasl.oauth().clientId()
                      + " secret "
                      + sasl.oauth().clientSecret()
                      + " from "
                      + sasl.oauth().tokenEndpoint());
    }
    if (tls != null) {
      text.append(
          tls.truststore() == null
              ? " trusting the JVM's CAs"
              : " trusting " + tls.truststore().location() + " (" + tls.truststore().type() + ")");
      if (tls.keystore() != null) {
        text.append(" certificate ").append(tls.keystore().location());
      } else if (tls.pemKeyPair() != null) {
        text.append(" certificate ").append(tls.pemKeyPair().certificateFile());
      }
    }
    return text.toString();
  }
}
