package io.cronlog.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EnvTest {

  static final String QPS = "CRONLOG_EXECUTOR_API_QPS";
  static final String OLD_QPS = "CRONLOG_API_QPS";
  static final String BACKOFF = "CRONLOG_EXECUTOR_RETRY_MAX_BACKOFF";
  static final String OLD_BACKOFF = "CRONLOG_RETRY_MAX_BACKOFF";
  static final Map<String, String> OLD_NAMES = Map.of(QPS, OLD_QPS, BACKOFF, OLD_BACKOFF);

  final Logger envLogger = (Logger) LoggerFactory.getLogger(Env.class);
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    envLogger.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    envLogger.detachAppender(logs);
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void readsARenamedKeyUnderItsOldNameAndWarnsOnceNamingBoth() {
    Env env = new Env(Map.of(OLD_QPS, "2.5")).withOldNames(OLD_NAMES);

    assertThat(env.decimal(QPS, 20)).isEqualTo(2.5);
    assertThat(env.string(QPS, "20")).isEqualTo("2.5");
    assertThat(env.decimal(QPS, 20)).isEqualTo(2.5);
    assertThat(warnings())
        .containsExactly("CRONLOG_API_QPS is deprecated; use CRONLOG_EXECUTOR_API_QPS");
  }

  @Test
  void readsTheNewNameWhenBothAreSetAndSaysSo() {
    Env env = new Env(Map.of(OLD_QPS, "2.5", QPS, "7")).withOldNames(OLD_NAMES);

    assertThat(env.decimal(QPS, 20)).isEqualTo(7);
    assertThat(warnings())
        .containsExactly(
            "CRONLOG_API_QPS is deprecated; use CRONLOG_EXECUTOR_API_QPS."
                + " Both are set: CRONLOG_EXECUTOR_API_QPS is read and CRONLOG_API_QPS ignored");
  }

  @Test
  void warnsOfNothingWhenOnlyNewNamesAreSet() {
    Env env = new Env(Map.of(QPS, "7", BACKOFF, "PT5S")).withOldNames(OLD_NAMES);

    assertThat(env.decimal(QPS, 20)).isEqualTo(7);
    assertThat(env.duration(BACKOFF, Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(5));
    assertThat(env.deprecations()).isEmpty();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void warnsOnceForEachOldNameSetInTheOrderOfTheOldNames() {
    Env env = new Env(Map.of(OLD_QPS, "2.5", OLD_BACKOFF, "30")).withOldNames(OLD_NAMES);

    assertThat(env.duration(BACKOFF, Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(30));
    assertThat(warnings())
        .containsExactly(
            "CRONLOG_API_QPS is deprecated; use CRONLOG_EXECUTOR_API_QPS",
            "CRONLOG_RETRY_MAX_BACKOFF is deprecated; use CRONLOG_EXECUTOR_RETRY_MAX_BACKOFF");
  }

  @Test
  void aBlankNewNameCountsAsUnsetAsEverywhereElse() {
    Env env = new Env(Map.of(OLD_QPS, "2.5", QPS, " ")).withOldNames(OLD_NAMES);

    assertThat(env.decimal(QPS, 20)).isEqualTo(2.5);
    assertThat(env.deprecations())
        .containsExactly("CRONLOG_API_QPS is deprecated; use CRONLOG_EXECUTOR_API_QPS");
  }

  @Test
  void keepsTheDefaultWhenNeitherNameIsSet() {
    Env env = new Env(Map.of()).withOldNames(OLD_NAMES);

    assertThat(env.decimal(QPS, 20)).isEqualTo(20);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void anOldNameIsReadOnlyForTheKeyThatReplacesIt() {
    Env env = new Env(Map.of(OLD_QPS, "2.5"));

    assertThat(env.string(QPS, "20")).isEqualTo("20");
    assertThat(env.deprecations()).isEmpty();
  }

  @Test
  void anInvalidValueUnderAnOldNameIsNamedByBothNames() {
    Env env = new Env(Map.of(OLD_QPS, "fast")).withOldNames(OLD_NAMES);

    assertThatThrownBy(() -> env.decimal(QPS, 20))
        .hasMessage("CRONLOG_API_QPS (now CRONLOG_EXECUTOR_API_QPS) has an invalid value 'fast'");
  }

  @Test
  void anInvalidValueUnderTheNewNameIsNamedByIt() {
    Env env = new Env(Map.of(QPS, "fast", OLD_QPS, "2")).withOldNames(OLD_NAMES);

    assertThatThrownBy(() -> env.decimal(QPS, 20))
        .hasMessage("CRONLOG_EXECUTOR_API_QPS has an invalid value 'fast'");
    assertThatThrownBy(() -> new Env(Map.of("N", "0")).integer("N", 1, 1))
        .hasMessage("N must be at least 1, was 0");
  }
}
