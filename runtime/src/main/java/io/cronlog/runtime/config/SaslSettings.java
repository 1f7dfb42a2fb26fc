package io.cronlog.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Who the service is to Kafka: a SCRAM or PLAIN user with the password Strimzi's {@code KafkaUser}
 * Secret holds, or an OAuth client that fetches its own tokens (OAUTHBEARER, client credentials).
 *
 * @param username the SCRAM or PLAIN user; null for OAUTHBEARER
 * @param password its password; null for OAUTHBEARER
 * @param oauth the OAuth client; null unless the mechanism is OAUTHBEARER
 */
public record SaslSettings(String mechanism, String username, Secret password, OAuth oauth) {

  public static final String MECHANISM = "KAFKA_SASL_MECHANISM";
  public static final String USERNAME = "KAFKA_SASL_USERNAME";
  public static final String PASSWORD_FILE = "KAFKA_SASL_PASSWORD_FILE";
  public static final String TOKEN_ENDPOINT_URL = "KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL";
  public static final String CLIENT_ID = "KAFKA_SASL_OAUTHBEARER_CLIENT_ID";
  public static final String CLIENT_SECRET_FILE = "KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE";
  public static final String SCOPE = "KAFKA_SASL_OAUTHBEARER_SCOPE";

  /** Every key of SASL, to refuse them with a protocol that has none. */
  static final Set<String> KEYS =
      Set.of(
          MECHANISM,
          USERNAME,
          PASSWORD_FILE,
          TOKEN_ENDPOINT_URL,
          CLIENT_ID,
          CLIENT_SECRET_FILE,
          SCOPE);

  private static final Set<String> OAUTH_KEYS =
      Set.of(TOKEN_ENDPOINT_URL, CLIENT_ID, CLIENT_SECRET_FILE, SCOPE);
  private static final List<String> MECHANISMS =
      List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN", "OAUTHBEARER");

  /** Kafka 4 clients fetch tokens only from URLs this JVM-wide property allows. */
  static final String ALLOWED_URLS_PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

  private static final String OAUTH_LOGIN_HANDLER =
      "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";

  /** An OAuth 2 client of the client-credentials grant. */
  public record OAuth(URI tokenEndpoint, String clientId, Secret clientSecret, String scope) {}

  /**
   * Reads the SASL keys: SCRAM-SHA-512 unless told otherwise, as Strimzi's {@code KafkaUser}
   * defaults.
   */
  static SaslSettings from(Env env) {
    String mechanism = env.oneOf(MECHANISM, "SCRAM-SHA-512", MECHANISMS);
    if (mechanism.equals("OAUTHBEARER")) {
      env.forbid(
          Set.of(USERNAME, PASSWORD_FILE),
          "OAUTHBEARER authenticates with " + CLIENT_ID + " and " + CLIENT_SECRET_FILE);
      return new SaslSettings(mechanism, null, null, oauth(env));
    }
    env.forbid(OAUTH_KEYS, MECHANISM + " is " + mechanism + ", not OAUTHBEARER");
    String username = env.string(USERNAME, null);
    Secret password = env.secretFile(PASSWORD_FILE);
    if (username == null || password == null) {
      throw new IllegalArgumentException(
          (username == null ? USERNAME : PASSWORD_FILE)
              + " must be set: "
              + mechanism
              + " needs "
              + USERNAME
              + " and "
              + PASSWORD_FILE);
    }
    return new SaslSettings(mechanism, username, password, null);
  }

  private static OAuth oauth(Env env) {
    String url = env.required(TOKEN_ENDPOINT_URL);
    URI endpoint;
    try {
      endpoint = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(TOKEN_ENDPOINT_URL + " is not a URL: '" + url + "'", e);
    }
    if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
      throw new IllegalArgumentException(
          TOKEN_ENDPOINT_URL + " must be an http(s) URL, was '" + url + "'");
    }
    String clientId = env.required(CLIENT_ID);
    Secret secret = env.secretFile(CLIENT_SECRET_FILE);
    if (secret == null) {
      throw new IllegalArgumentException(
          CLIENT_SECRET_FILE + " must be set: OAUTHBEARER needs the client's secret");
    }
    return new OAuth(endpoint, clientId, secret, env.string(SCOPE, null));
  }

  /** The client properties of SASL, the JAAS line among them. */
  Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(SaslConfigs.SASL_MECHANISM, mechanism);
    if (oauth == null) {
      String module =
          mechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      props.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          module
              + " required username="
              + quoted(username)
              + " password="
              + quoted(password.reveal())
              + ";");
      return props;
    }
    allowTokenEndpoint(oauth.tokenEndpoint().toString());
    props.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, OAUTH_LOGIN_HANDLER);
    props.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, oauth.tokenEndpoint().toString());
    // The JAAS options rather than 4.1's sasl.oauthbearer.client.credentials.*: both clients read
    // them.
    props.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
            + " required clientId="
            + quoted(oauth.clientId())
            + " clientSecret="
            + quoted(oauth.clientSecret().reveal())
            + (oauth.scope() == null ? "" : " scope=" + quoted(oauth.scope()))
            + ";");
    return props;
  }

  /**
   * Adds the token endpoint to the URLs Kafka's clients may fetch tokens from: since Kafka 4.0 none
   * is allowed unless listed in a system property, and ours is the one the operator chose.
   */
  private static synchronized void allowTokenEndpoint(String url) {
    String allowed = System.getProperty(ALLOWED_URLS_PROPERTY, "");
    if (!List.of(allowed.split(",")).contains(url)) {
      System.setProperty(ALLOWED_URLS_PROPERTY, allowed.isBlank() ? url : allowed + "," + url);
    }
  }

  /**
   * A JAAS option value: quoted, with the quote and the backslash escaped as the JAAS parser reads
   * them.
   */
  static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
