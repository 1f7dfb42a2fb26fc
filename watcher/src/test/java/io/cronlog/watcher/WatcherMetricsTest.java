package io.cronlog.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class WatcherMetricsTest {

  @Test
  void servesTheMetersUnderTheNamesTheConfigurationPageDocuments() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WatcherMetrics metrics = new WatcherMetrics(registry);
    metrics.watch(() -> 7, () -> true, () -> 1);

    metrics.published(3);
    metrics.publishFailed();
    metrics.deadLettered(2);
    metrics.relisted();

    assertThat(registry.scrape())
        .contains(
            "cronlog_watcher_observations_published_total 3.0",
            "cronlog_watcher_publish_failures_total 1.0",
            "cronlog_watcher_records_dead_lettered_total 2.0",
            "cronlog_watcher_relists_total 1.0",
            "cronlog_watcher_queued_observations 7.0",
            "cronlog_watcher_leading 1.0",
            "cronlog_watcher_producers_open 1.0");
  }
}
