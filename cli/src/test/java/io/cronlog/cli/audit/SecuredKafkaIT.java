package io.cronlog.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cronlog.api.Runs;
import io.cronlog.api.ScheduledJob;
import io.cronlog.cli.dev.DevStack;
import io.cronlog.cli.dev.Services;
import io.cronlog.devkafka.EmbeddedKafka;
import io.cronlog.devkafka.EmbeddedKafkaConfig;
import io.cronlog.devkube.DevKubernetesApi;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.runtime.access.ServiceAccess;
import io.cronlog.runtime.config.Env;
import io.cronlog.runtime.config.KafkaSecurity;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.runtime.config.SaslSettings;
import io.cronlog.runtime.topics.TopicBootstrap;
import io.cronlog.runtime.topics.Topics;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * cronlog on a broker that authenticates (SCRAM-SHA-512; PLAIN for a stranger) and authorizes
 * (StandardAuthorizer, nothing allowed without an ACL): each service and {@code cronlog audit} as
 * its own principal with only the ACLs of {@link ServiceAccess}, through the real services' Kafka
 * paths. Its own broker, not the shared test broker, which has no authorizer.
 */
class SecuredKafkaIT {

  private static final String PREFIX = "sec.";
  private static final Topics TOPICS = new Topics(PREFIX);
  private static final Map<String, String> IDS =
      Map.of(
          "watcher",
          "sec-watcher",
          "scheduler",
          "sec-scheduler",
          "executor",
          "sec-executor",
          "audit",
          "");
  private static final String STRANGER_PASSWORD = "stranger-" + UUID.randomUUID();

  @TempDir static Path secrets;
  private static EmbeddedKafka kafka;

  /** On the plaintext listener, whose principal is a super user: makes users and ACLs. */
  private static Admin admin;

  private static final Map<String, String> passwords = new HashMap<>();

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    kafka =
        EmbeddedKafka.start(
            EmbeddedKafkaConfig.defaults()
                .withSaslListener(
                    new EmbeddedKafkaConfig.SaslListener(Map.of("stranger", STRANGER_PASSWORD))));
    admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    List<UserScramCredentialUpsertion> users = new ArrayList<>();
    for (String service : IDS.keySet()) {
      String password = service + "-" + UUID.randomUUID();
      passwords.put(service, password);
      Files.writeString(secrets.resolve(service + ".password"), password);
      users.add(
          new UserScramCredentialUpsertion(
              "cronlog-" + service,
              new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
              password));
    }
    admin.alterUserScramCredentials(new ArrayList<>(users)).all().get();
    for (String service : IDS.keySet()) {
      grant(service, TOPICS);
    }
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void eachServiceAndTheAuditWorkWithOnlyTheirAclsAndLogNoSecret() throws Exception {
    ListAppender<ILoggingEvent> logs = captureLogs();
    try (DevKubernetesApi api = DevKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      DevStack.installCrd(client);
      try (Services services =
          Services.start(api, SecuredKafkaIT::environment, Clock.systemUTC())) {
        ScheduledJob hello =
            client
                .resources(ScheduledJob.class)
                .load(Files.newInputStream(Path.of("..", "examples", "hello.yaml")))
                .item();
        client.resource(hello).inNamespace("default").create();
        // A manual run: the Job is made now, not at the next minute.
        client
            .resources(ScheduledJob.class)
            .inNamespace("default")
            .withName("hello")
            .edit(
                sj -> {
                  sj.getMetadata()
                      .getAnnotations()
                      .put(Runs.TRIGGER_ANNOTATION, Instant.now().toString());
                  return sj;
                });

        Job job =
            await()
                .atMost(Duration.ofSeconds(90))
                .until(
                    () ->
                        client
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace("default")
                            .withLabel(Runs.SCHEDULED_JOB_LABEL, "hello")
                            .list()
                            .getItems()
                            .stream()
                            .findFirst()
                            .orElse(null),
                    j -> j != null);

        // The audit, as cronlog-audit, reads the trail the three principals wrote: event, command,
        // outcome.
        AuditCli.Run timeline =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () ->
                        new AuditCli(Instant.now(), environment("audit"), secrets)
                            .run("audit", "default/hello"),
                    run ->
                        run.status() == 0
                            && run.out()
                                .contains("Job " + job.getMetadata().getName() + " created"));
        assertThat(timeline.err()).isEmpty();
      }
    } finally {
      stopCapturing(logs);
    }
    assertThat(logs.list)
        .as("Kafka's own config dumps were seen")
        .anySatisfy(
            event ->
                assertThat(event.getFormattedMessage()).contains("sasl.jaas.config = [hidden]"));
    assertThat(logs.list)
        .as("log lines")
        .noneSatisfy(
            event ->
                assertThat(passwords.values())
                    .anySatisfy(
                        password -> assertThat(event.getFormattedMessage()).contains(password)));
  }

  @Test
  void eachServiceCreatesTheTopicsAtStartWithOnlyItsAcls() throws Exception {
    for (String service : List.of("watcher", "scheduler", "executor")) {
      Topics own = new Topics(service + "-first.");
      grant(service, own);
      KafkaSettings settings = settings(service);
      try (Admin serviceAdmin = Admin.create(settings.clientProperties())) {
        new TopicBootstrap(serviceAdmin, own, settings.topicSettings()).ensureTopics();
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(admin.listTopics().names().get())
                      .as(service)
                      .contains(
                          own.events(),
                          own.state(),
                          own.commands(),
                          own.outcomes(),
                          own.deadLetter()));
    }
  }

  /**
   * Topics made ahead (deploy/overlays/strimzi's KafkaTopics): each service starts with the same
   * ACLs without Create, and a topic missing after all is refused rather than made.
   */
  @Test
  void eachServiceFindsTopicsMadeAheadWithoutCreate() throws Exception {
    for (String service : List.of("watcher", "scheduler", "executor")) {
      Topics ahead = new Topics(service + "-ahead.");
      KafkaSettings settings = settings(service);
      List<AclBinding> acls =
          ServiceAccess.valueOf(service.toUpperCase())
              .grantsOnExistingTopics(ahead, IDS.get(service))
              .stream()
              .flatMap(
                  grant ->
                      grant.operations().stream()
                          .map(
                              operation ->
                                  new AclBinding(
                                      new ResourcePattern(
                                          grant.type(), grant.name(), PatternType.LITERAL),
                                      new AccessControlEntry(
                                          "User:cronlog-" + service,
                                          "*",
                                          operation,
                                          AclPermissionType.ALLOW))))
              .toList();
      assertThat(acls)
          .extracting(acl -> acl.entry().operation())
          .doesNotContain(AclOperation.CREATE);
      admin.createAcls(acls).all().get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls));
      List<String> all =
          List.of(
              ahead.events(),
              ahead.state(),
              ahead.commands(),
              ahead.outcomes(),
              ahead.deadLetter());
      // The dead-letter topic is left for later: the service may not make it.
      admin
          .createTopics(
              all.subList(0, 4).stream()
                  .map(
                      name ->
                          new NewTopic(name, 3, (short) 1)
                              .configs(settings.topicSettings().configsFor(ahead, name)))
                  .toList())
          .all()
          .get();

      try (Admin serviceAdmin = Admin.create(settings.clientProperties())) {
        TopicBootstrap bootstrap =
            new TopicBootstrap(serviceAdmin, ahead, settings.topicSettings());
        assertThatThrownBy(bootstrap::ensureTopics)
            .as(service)
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicAuthorizationException.class);

        NewTopic deadLetter =
            new NewTopic(ahead.deadLetter(), 3, (short) 1)
                .configs(settings.topicSettings().configsFor(ahead, ahead.deadLetter()));
        admin.createTopics(List.of(deadLetter)).all().get();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(bootstrap::ensureTopics);
      }
    }
  }

  /**
   * Commands are the scheduler's to write. The watcher may too, for its RecordTooLarge warnings
   * (docs/security.md); the executor, the audit and anyone else get TopicAuthorizationException.
   */
  @Test
  void theBrokerRefusesACommandFromTheExecutorTheAuditOrAStranger() throws Exception {
    send(securityOf("scheduler")); // the control: the same record from the scheduler is taken
    for (String other : List.of("executor", "audit")) {
      assertThatThrownBy(() -> send(securityOf(other)))
          .as(other)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    Map<String, Object> stranger = new HashMap<>(securityOf("executor"));
    stranger.put("sasl.mechanism", "PLAIN");
    stranger.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"stranger\" password=\""
            + STRANGER_PASSWORD
            + "\";");
    assertThatThrownBy(() -> send(stranger))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  /**
   * Writes a command as anyone could: not idempotent, so the answer is the topic's ACL, not the
   * cluster's.
   */
  private static void send(Map<String, Object> clientProperties) throws Exception {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put("enable.idempotence", false);
    props.put("acks", "1");
    props.put("max.block.ms", 15_000);
    props.put("delivery.timeout.ms", 15_000);
    props.put("request.timeout.ms", 10_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(TOPICS.commands(), "test/forged", "{\"type\":\"CreateJob\"}"))
          .get();
    }
  }

  private static Map<String, Object> securityOf(String service) {
    return settings(service).clientProperties();
  }

  private static KafkaSettings settings(String service) {
    return KafkaSettings.from(new Env(environment(service)));
  }

  /** What a service's Deployment would set, with its KafkaUser's password mounted as a file. */
  private static Map<String, String> environment(String service) {
    Map<String, String> env = new HashMap<>();
    env.put(KafkaSettings.BOOTSTRAP_SERVERS, kafka.saslBootstrapServers());
    env.put(KafkaSettings.TOPIC_PREFIX, PREFIX);
    env.put(KafkaSettings.PARTITIONS, "3");
    env.put(KafkaSecurity.SECURITY_PROTOCOL, "SASL_PLAINTEXT");
    env.put(SaslSettings.USERNAME, "cronlog-" + service);
    env.put(SaslSettings.PASSWORD_FILE, secrets.resolve(service + ".password").toString());
    env.put(WatcherConfig.TRANSACTIONAL_ID, IDS.get("watcher"));
    env.put(SchedulerConfig.GROUP_ID, IDS.get("scheduler"));
    env.put(ExecutorConfig.GROUP, IDS.get("executor"));
    return env;
  }

  private static void grant(String service, Topics topics) throws Exception {
    List<AclBinding> acls =
        ServiceAccess.valueOf(service.toUpperCase())
            .bindings("User:cronlog-" + service, topics, IDS.get(service));
    admin.createAcls(acls).all().get();
    // The authorizer learns ACLs from the metadata log; wait until the broker answers with them.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(acls));
  }

  /** Every log line from here on, with Kafka's config dumps (where a secret would show) at INFO. */
  private static ListAppender<ILoggingEvent> captureLogs() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    for (String config : CONFIG_LOGGERS) {
      ((Logger) LoggerFactory.getLogger(config)).setLevel(Level.INFO);
    }
    return appender;
  }

  private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    for (String config : CONFIG_LOGGERS) {
      ((Logger) LoggerFactory.getLogger(config)).setLevel(null);
    }
  }

  /** Where every Kafka client logs its configuration when it starts. */
  private static final List<String> CONFIG_LOGGERS =
      List.of("org.apache.kafka.common.config.AbstractConfig");
}
