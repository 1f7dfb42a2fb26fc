package io.cronlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
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

  @Command(name = "writer")
  static final class Writer implements Callable<Integer> {
    private final Exception failure;

    Writer(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  @Test
  void aBugPrintsOneLineSayingWhereTheStackTraceIsAndExitsWithStatus70NotVerifysFindingsStatus1() {
    StringWriter err = new StringWriter();
    int status = run(new Broken(), err);

    assertThat(status).isEqualTo(70);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("broken: failed: java.lang.IllegalStateException: something inside gave way")
        .contains("the stack trace is in ")
        .endsWith("cronlog.log)");
  }

  @Test
  void aPathThatCannotBeWrittenIsOneLineAndExitStatus2() {
    StringWriter err = new StringWriter();
    Exception failure = new UncheckedIOException(new NoSuchFileException("/nowhere/kubeconfig"));
    int status = run(new Writer(failure), err);

    assertThat(status).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .isEqualTo("writer: /nowhere/kubeconfig: no such file or directory");
  }

  @Test
  void aPortAlreadyTakenIsOneLineAndExitStatus2() {
    StringWriter err = new StringWriter();
    Exception failure =
        new IllegalStateException(
            "the broker did not start",
            new RuntimeException(new BindException("Address already in use")));
    int status = run(new Writer(failure), err);

    assertThat(status).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith(
            "writer: the broker did not start: a port it needs is taken (Address already in use)");
  }

  private static int run(Object command, StringWriter err) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(new OneLineErrors())
        .setErr(new PrintWriter(err))
        .execute();
  }

  @Test
  void aBadArgumentPrintsOneLineNamingTheHelpAndExitsWithStatus2() {
    StringWriter err = new StringWriter();
    int status =
        Cronlog.commandLine()
            .setErr(new PrintWriter(err))
            .execute("next", "--count", "many", "* * * * *");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("cronlog next: ")
        .endsWith("(see 'cronlog next --help')");
  }
}
