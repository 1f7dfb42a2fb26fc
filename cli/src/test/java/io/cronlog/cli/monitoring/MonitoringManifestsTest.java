package io.cronlog.cli.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cronlog.executor.Executor;
import io.cronlog.executor.config.ExecutorConfig;
import io.cronlog.executor.consume.CommandMetricsSamples;
import io.cronlog.executor.kube.KubernetesClients;
import io.cronlog.ops.Metrics;
import io.cronlog.runtime.config.KafkaSettings;
import io.cronlog.scheduler.SchedulerClients;
import io.cronlog.scheduler.SchedulerConfig;
import io.cronlog.scheduler.SchedulerMetricsSamples;
import io.cronlog.scheduler.SchedulerService;
import io.cronlog.watcher.Watcher;
import io.cronlog.watcher.WatcherConfig;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps deploy/monitoring/ true to what the services export: every metric an alert or a dashboard
 * panel queries must be on some service's /metrics, or the alert would never fire and the panel
 * stay empty, silently.
 */
class MonitoringManifestsTest {

  private static final Path MONITORING = Path.of("..", "deploy", "monitoring");
  private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");

  /** cronlog's own meters and the Kafka clients' (Micrometer's KafkaClientMetrics). */
  private static final Pattern METRIC =
      Pattern.compile("\\b(?:cronlog|kafka_consumer)_[a-z0-9_]+\\b");

  private static final Map<String, String> ENV =
      Map.of(KafkaSettings.BOOTSTRAP_SERVERS, "localhost:9");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Set<String> exported;

  /** Every service's meters as its Main registers them, each used once, scraped. */
  @BeforeAll
  static void scrapeEveryService() throws Exception {
    exported = new TreeSet<>();
    exported.addAll(names(watcher()));
    exported.addAll(names(scheduler()));
    exported.addAll(names(executor()));
  }

  @Test
  void everyMetricTheAlertsQueryIsExported() throws IOException {
    List<String> expressions = rules().stream().map(rule -> rule.path("expr").asText()).toList();

    assertThat(expressions)
        .isNotEmpty()
        .allSatisfy(expr -> assertThat(metricsIn(expr)).as(expr).isNotEmpty());
    assertThat(notExported(expressions))
        .as("metrics the PrometheusRule queries that no service exports")
        .isEmpty();
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws IOException {
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }

    assertThat(expressions).hasSizeGreaterThan(10);
    assertThat(notExported(expressions))
        .as("metrics the dashboard queries that no service exports")
        .isEmpty();
  }

  @Test
  void everyAlertSaysHowSevereItIsWhatHappenedAndWhereItsRunbookIs() throws IOException {
    Set<String> anchors = anchors(Files.readString(OPERATIONS));
    List<JsonNode> alerts = rules().stream().filter(rule -> rule.has("alert")).toList();

    assertThat(alerts)
        .extracting(alert -> alert.path("alert").asText())
        .contains(
            "CronlogJobCreationSkewHigh",
            "CronlogRunsMissed",
            "CronlogDeadLetters",
            "CronlogCommandsFailing",
            "CronlogConsumerLagGrowing",
            "CronlogNoWatcherLeading",
            "CronlogSchedulerPartitionNotRestored");
    assertThat(alerts)
        .allSatisfy(
            alert -> {
              String name = alert.path("alert").asText();
              assertThat(alert.path("labels").path("severity").asText())
                  .as(name)
                  .isIn("critical", "warning");
              assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
              assertThat(alert.path("annotations").path("description").asText())
                  .as(name)
                  .isNotBlank();
              assertThat(alert.path("annotations").path("runbook_url").asText())
                  .as(name)
                  .isEqualTo("docs/operations.md#" + name.toLowerCase(Locale.ROOT));
              assertThat(anchors)
                  .as("headings of docs/operations.md")
                  .contains(name.toLowerCase(Locale.ROOT));
            });
  }

  @Test
  void thePodMonitorScrapesThePortEachServiceServesMetricsOn() throws IOException {
    JsonNode monitor = YAML.readTree(MONITORING.resolve("podmonitor.yaml").toFile());
    JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
    Map<String, String> selected =
        YAML.convertValue(
            monitor.path("spec").path("selector").path("matchLabels"),
            YAML.getTypeFactory().constructMapType(Map.class, String.class, String.class));

    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.path("kind").asText()).isEqualTo("PodMonitor");
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    for (String service : List.of("watcher", "scheduler", "executor")) {
      JsonNode template = deployment(service).path("spec").path("template");
      Map<String, String> labels =
          YAML.convertValue(
              template.path("metadata").path("labels"),
              YAML.getTypeFactory().constructMapType(Map.class, String.class, String.class));
      assertThat(labels)
          .as(service)
          .containsAllEntriesOf(selected)
          .containsEntry("app.kubernetes.io/component", service);
      assertThat(
              template
                  .path("spec")
                  .path("containers")
                  .get(0)
                  .path("ports")
                  .findValuesAsText("name"))
          .as(service)
          .contains(endpoint.path("port").asText());
      assertThat(
              template
                  .path("spec")
                  .path("containers")
                  .get(0)
                  .path("ports")
                  .findValuesAsText("containerPort"))
          .as(service)
          .contains("8080");
    }
  }

  @Test
  void theKustomizationNamesItsFilesAndTheDashboardIsLabelledForGrafana() throws IOException {
    JsonNode kustomization = YAML.readTree(MONITORING.resolve("kustomization.yaml").toFile());

    kustomization
        .path("resources")
        .forEach(file -> assertThat(MONITORING.resolve(file.asText())).isRegularFile());
    JsonNode dashboards = kustomization.path("configMapGenerator").get(0);
    assertThat(dashboards.path("options").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    assertThat(dashboards.path("files").get(0).asText()).isEqualTo("cronlog-dashboard.json");
    assertThat(dashboard().path("uid").asText()).isEqualTo("cronlog");
    assertThat(
            YAML.readTree(MONITORING.resolve("prometheusrule.yaml").toFile()).path("kind").asText())
        .isEqualTo("PrometheusRule");
  }

  private static Set<String> notExported(List<String> expressions) {
    Set<String> missing = new TreeSet<>();
    expressions.forEach(expr -> missing.addAll(metricsIn(expr)));
    missing.removeAll(exported);
    return missing;
  }

  private static Set<String> metricsIn(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(expr);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  /**
   * The name of every sample in {@code registry}'s scrape, with its suffix (_total, _bucket, ...).
   */
  private static Set<String> names(PrometheusMeterRegistry registry) {
    return registry
        .scrape()
        .lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toSet());
  }

  private static List<JsonNode> rules() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    JsonNode rule = YAML.readTree(MONITORING.resolve("prometheusrule.yaml").toFile());
    rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  private static JsonNode dashboard() throws IOException {
    return JSON.readTree(MONITORING.resolve("cronlog-dashboard.json").toFile());
  }

  private static JsonNode deployment(String service) throws IOException {
    Path file = Path.of("..", "deploy", "base", service + ".yaml");
    for (JsonNode doc :
        YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
      if (doc.path("kind").asText().equals("Deployment")) {
        return doc;
      }
    }
    throw new AssertionError("no Deployment in " + file);
  }

  /** The anchors GitHub gives the headings of a Markdown text. */
  private static Set<String> anchors(String markdown) {
    return markdown
        .lines()
        .filter(line -> line.startsWith("#"))
        .map(
            line ->
                line.replaceFirst("^#+\\s*", "")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9 _-]", "")
                    .replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  private static PrometheusMeterRegistry watcher() {
    PrometheusMeterRegistry registry = Metrics.registryFor("watcher");
    try (KubernetesClient client = nowhere()) {
      new Watcher(client, WatcherConfig.fromEnvironment(ENV), Clock.systemUTC(), registry).close();
    }
    return registry;
  }

  private static PrometheusMeterRegistry scheduler() throws Exception {
    PrometheusMeterRegistry registry = Metrics.registryFor("scheduler");
    SchedulerConfig config = SchedulerConfig.fromEnvironment(ENV);
    new SchedulerService(
            config,
            new SchedulerClients(
                MonitoringManifestsTest::mockConsumer,
                MonitoringManifestsTest::mockConsumer,
                new MockProducer<>(),
                () -> {}),
            Clock.systemUTC(),
            registry)
        .close();
    // The production group member binds its Kafka meters (its lag); made, not connected.
    SchedulerClients production = SchedulerClients.of(config, registry);
    try (Consumer<String, byte[]> consumer = production.stateConsumers().get()) {
      SchedulerMetricsSamples.recordOneOfEach(registry);
      return withScrape(registry);
    } finally {
      production.producer().close(Duration.ZERO);
    }
  }

  private static PrometheusMeterRegistry executor() {
    PrometheusMeterRegistry registry = Metrics.registryFor("executor");
    ExecutorConfig config = ExecutorConfig.fromEnvironment(ENV);
    try (KubernetesClient client = nowhere()) {
      new Executor(
              client,
              config,
              MonitoringManifestsTest::mockConsumer,
              new MockProducer<>(),
              Clock.systemUTC(),
              registry)
          .close();
    }
    // The API calls' meters, registered as the executor's Main builds its client.
    KubernetesClients.customize(
        new KubernetesClientBuilder(), config.apiRateLimit(), config.eventRateLimit(), registry);
    try (Consumer<String, byte[]> consumer = Executor.consumers(config, registry).get()) {
      CommandMetricsSamples.recordOneOfEach(registry);
      return withScrape(registry);
    }
  }

  /** Kafka's meters are read from the client while it is open: scrape before it closes. */
  private static PrometheusMeterRegistry withScrape(PrometheusMeterRegistry registry) {
    exported.addAll(names(registry));
    return registry;
  }

  private static KubernetesClient nowhere() {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9").build())
        .build();
  }

  private static MockConsumer<String, byte[]> mockConsumer() {
    return new MockConsumer<>("earliest");
  }
}
