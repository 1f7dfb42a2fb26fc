package io.cronlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class OneLineErrorsTest {

  @Command(name = "broken")
  static final class Broken implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException("something inside gave way");
    }
  }

  @Test
  void aCommandThatFailsWhileRunningPrintsOneLineAndExitsWithStatus1() {
    StringWriter err = new StringWriter();
    OneLineErrors errors = new OneLineErrors();
    int status = new CommandLine(new Broken()).setExecutionExceptionHandler(errors)
        .setErr(new PrintWriter(err)).execute();

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("broken: failed: java.lang.IllegalStateException: something inside gave way");
  }

  @Test
  void aBadArgumentPrintsOneLineNamingTheHelpAndExitsWithStatus2() {
    StringWriter err = new StringWriter();
    int status = Cronlog.commandLine().setErr(new PrintWriter(err)).execute("next", "--count", "many", "* * * * *");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("cronlog next: ").endsWith("(see 'cronlog next --help')");
  }
}
