package io.cronlog.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The files a Strimzi {@code KafkaUser} Secret and cluster CA Secret hold, made with the JDK's
 * keytool: {@code ca.crt}, {@code user.p12}, {@code user.password}, {@code user.crt}, {@code
 * user.key}.
 */
final class StrimziFiles {

  static final String STORE_PASSWORD = "store-pass-0";

  final Path caCrt;
  final Path userP12;
  final Path userPassword;
  final Path userCrt;
  final Path userKey;

  private StrimziFiles(Path dir) {
    caCrt = dir.resolve("ca.crt");
    userP12 = dir.resolve("user.p12");
    userPassword = dir.resolve("user.password");
    userCrt = dir.resolve("user.crt");
    userKey = dir.resolve("user.key");
  }

  /** A self-signed certificate for CN=cronlog-test, in every form Strimzi gives one. */
  static StrimziFiles writeTo(Path dir)
      throws IOException, InterruptedException, GeneralSecurityException {
    StrimziFiles files = new StrimziFiles(dir);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "user",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=cronlog-test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                files.userP12.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-ext",
                "SAN=dns:localhost")
            .redirectErrorStream(true)
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(
          "keytool failed: " + new String(process.getInputStream().readAllBytes()));
    }
    Files.writeString(files.userPassword, STORE_PASSWORD);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(files.userP12)) {
      store.load(in, STORE_PASSWORD.toCharArray());
    }
    String certificate = pem("CERTIFICATE", store.getCertificate("user").getEncoded());
    Files.writeString(files.userCrt, certificate);
    Files.writeString(files.caCrt, certificate);
    PrivateKey key = (PrivateKey) store.getKey("user", STORE_PASSWORD.toCharArray());
    Files.writeString(files.userKey, pem("PRIVATE KEY", key.getEncoded()));
    return files;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
