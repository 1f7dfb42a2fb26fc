package io.cronlog.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class DevCommandTest {

  @Test
  void keepsItsFilesUnderDotCronlogDevByDefault() {
    CommandSpec spec = new CommandLine(new DevCommand()).getCommandSpec();

    assertThat(spec.findOption("--kubeconfig").defaultValue()).isEqualTo(".cronlog/dev/kubeconfig");
    assertThat(spec.findOption("--data-dir").defaultValue()).isEqualTo(".cronlog/dev/data");
    // Whitespace made one, as the help wraps to the terminal's width.
    assertThat(new CommandLine(new DevCommand()).getUsageMessage().replaceAll("\\s+", " "))
        .contains("Its files go in .cronlog/dev/ under the current directory");
  }
}
