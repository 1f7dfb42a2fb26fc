package io.cronlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {

  @Test
  void theScriptCompletesEveryCommandAndItsOptions() {
    String script = completionScript();

    assertThat(script)
        .contains(
            "complete -F _complete_cronlog",
            "_picocli_cronlog_dev",
            "_picocli_cronlog_next",
            "_picocli_cronlog_explain",
            "_picocli_cronlog_audit_verify",
            "_picocli_cronlog_completion");
    assertThat(script)
        .contains("'--job-duration'", "'--time-zone'", "'--filename'", "'--since'", "'--max-skew'");
  }

  @Test
  void bashCompletesASubcommandAndAnOptionWithTheScript(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("cronlog.bash"), completionScript());

    assertThat(complete(script, "cronlog au")).isEqualTo("audit");
    assertThat(complete(script, "cronlog audit verify --max")).isEqualTo("--max-skew");
  }

  private static String completionScript() {
    StringWriter out = new StringWriter();
    int status = Cronlog.commandLine().setOut(new PrintWriter(out)).execute("completion");
    assertThat(status).isZero();
    return out.toString();
  }

  /** What bash offers at the end of {@code line}, as it would on TAB. */
  private static String complete(Path script, String line)
      throws IOException, InterruptedException {
    String shell =
        "source \"$1\"; read -ra COMP_WORDS <<< \"$2\"; COMP_CWORD=$((${#COMP_WORDS[@]}-1));"
            + " COMP_LINE=\"$2\"; COMP_POINT=${#2}; _complete_cronlog; echo \"${COMPREPLY[*]}\"";
    Process bash =
        new ProcessBuilder("bash", "-c", shell, "bash", script.toString(), line)
            // compopt complains outside a real TAB; what bash would offer is on standard output.
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
