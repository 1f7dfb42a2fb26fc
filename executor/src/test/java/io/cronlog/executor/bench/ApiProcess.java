package io.cronlog.executor.bench;

import io.cronlog.devkube.DevKubernetesApi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's dev API in a JVM of its own ({@link ApiHost#ownCore}), answering one line per
 * request on stdin: {@code fresh} starts a new, empty API (the previous one closed) and answers its
 * URL; {@code cpu} answers the CPU the process has spent, in nanoseconds. It stops when stdin
 * closes. One JVM serves every phase, so that its JIT stays warm from phase to phase, as it does
 * when the API shares the benchmark's JVM.
 */
public final class ApiProcess {

  /** Starts every answer, so that nothing else on stdout can be read as one. */
  static final String ANSWER = "api> ";

  private ApiProcess() {}

  public static void main(String[] args) throws Exception {
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    DevKubernetesApi api = null;
    try {
      for (String request = in.readLine(); request != null; request = in.readLine()) {
        String answer;
        switch (request) {
          case "fresh" -> {
            if (api != null) {
              api.close();
            }
            api = DevKubernetesApi.start(0);
            answer = api.url();
          }
          case "cpu" -> answer = Long.toString(os.getProcessCpuTime());
          default -> answer = "unknown request: " + request;
        }
        System.out.println(ANSWER + answer);
        System.out.flush();
      }
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }
}
