package io.cronlog.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link KafkaFixture} parameter, backed by one broker for the whole test JVM: a
 * Testcontainers broker when Docker is reachable, the in-process one otherwise (see {@link
 * KafkaChoice}). The broker starts on first use and stops when the JVM's tests end.
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class WatcherIT {
 *   @Test
 *   void publishesAddedScheduledJob(KafkaFixture kafka) throws Exception { ... }
 * }
 * }</pre>
 */
public final class KafkaExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaFixture.class;
  }

  @Override
  public KafkaFixture resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SharedBroker shared =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(
                SharedBroker.class,
                k -> new SharedBroker(TestBrokers.startChosen()),
                SharedBroker.class);
    // One fixture per test, so @BeforeEach, the test and @AfterEach see the same topic prefix.
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(
            KafkaFixture.class,
            k -> new KafkaFixture(shared.broker(), shared.prefixes().next(testName(context))),
            KafkaFixture.class);
  }

  private static String testName(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> m.getName())
        .orElseGet(() -> context.getRequiredTestClass().getSimpleName());
  }

  /** The JVM's broker and its prefix counter; the root store closes it after the last test. */
  private record SharedBroker(TestBroker broker, TopicPrefix prefixes) implements AutoCloseable {

    SharedBroker(TestBroker broker) {
      this(broker, new TopicPrefix());
    }

    @Override
    public void close() {
      broker.close();
    }
  }
}
