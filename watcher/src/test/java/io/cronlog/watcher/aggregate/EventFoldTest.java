package io.cronlog.watcher.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.records.Change;
import io.cronlog.records.ObservationRecord;
import io.cronlog.records.ScheduledJobState;
import io.cronlog.records.codec.RecordCodec;
import io.cronlog.records.state.EventFold;
import io.cronlog.watcher.observe.Observation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An auditor rebuilds from {@code cronlog.events} alone every state the watcher published, through
 * restarts and deletions, byte for byte.
 */
class EventFoldTest {

  private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
  private final RecordCodec codec = new RecordCodec();
  private final List<Publication> published = new ArrayList<>();

  @Test
  void foldingThePublishedEventsGivesEveryPublishedStateThroughARestartAndARecreation()
      throws Exception {
    Aggregates watcher = new Aggregates();
    ScheduledJob v1 = scheduledJob("uid-1", "1", "*/5 * * * *");
    publish(watcher, new Observation.OfScheduledJob(Change.ADDED, v1, T0));
    publish(
        watcher,
        new Observation.OfJob(
            Change.ADDED, job("report-1", "job-1", "uid-1", false), "report", at(1)));
    publish(
        watcher,
        new Observation.OfJob(
            Change.MODIFIED, job("report-1", "job-1", "uid-1", true), "report", at(2)));
    publish(
        watcher,
        new Observation.OfScheduledJob(
            Change.MODIFIED, scheduledJob("uid-1", "2", "0 * * * *"), at(3)));
    publish(
        watcher,
        new Observation.OfJob(
            Change.ADDED, job("report-2", "job-2", "uid-1", false), "report", at(4)));
    publish(
        watcher,
        new Observation.OfJob(
            Change.ADDED, job("report-x", "job-x", "other-uid", false), "report", at(4)));

    // A restart: the new term seeds from the last state, and its list lacks job-1 and has a newer
    // object.
    Aggregates restarted = new Aggregates();
    restarted.seed(List.of(lastState()));
    ScheduledJob v3 = scheduledJob("uid-1", "3", "0 * * * *");
    publish(
        restarted,
        new Observation.InitialListComplete(
            List.of(v3), List.of(job("report-2", "job-2", "uid-1", false)), at(10)));
    publish(restarted, new Observation.OfScheduledJob(Change.ADDED, v3, at(10)));

    publish(restarted, new Observation.OfScheduledJob(Change.DELETED, v3, at(11)));
    publish(
        restarted,
        new Observation.OfScheduledJob(
            Change.ADDED, scheduledJob("uid-2", "9", "* * * * *"), at(12)));
    publish(
        restarted,
        new Observation.OfJob(
            Change.ADDED, job("report-3", "job-3", "uid-2", false), "report", at(13)));

    EventFold fold = new EventFold();
    int states = 0;
    for (Publication publication : published) {
      ObservationRecord event =
          codec.decode(codec.encode(publication.event()), ObservationRecord.class);
      Optional<ScheduledJobState> rebuilt = fold.apply(publication.key(), event);
      if (publication.state() != null) {
        assertThat(rebuilt).map(this::json).contains(json(publication.state()));
        states++;
      } else {
        assertThat(rebuilt).as("no state for %s", event).isEmpty();
      }
    }
    assertThat(states).isEqualTo(published.size() - 1);
    assertThat(published).extracting(p -> p.event().change()).contains(Change.DELETED);
  }

  private void publish(Aggregates aggregates, Observation observation) {
    published.addAll(aggregates.apply(observation));
  }

  private ScheduledJobState lastState() {
    return published.stream()
        .filter(p -> p.state() != null)
        .reduce((a, b) -> b)
        .orElseThrow()
        .state();
  }

  private String json(ScheduledJobState state) {
    return new String(codec.encode(state), StandardCharsets.UTF_8);
  }

  private static Instant at(int minute) {
    return T0.plusSeconds(60L * minute);
  }

  private static Job job(String name, String uid, String controllerUid, boolean succeeded) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName(name)
            .withUid(uid)
            .withResourceVersion(succeeded ? "2" : "1")
            .withCreationTimestamp(T0.toString())
            .addNewOwnerReference()
            .withApiVersion(ScheduledJob.API_VERSION)
            .withKind(ScheduledJob.KIND)
            .withName("report")
            .withUid(controllerUid)
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewStatus()
            .withStartTime(T0.toString())
            .endStatus();
    if (succeeded) {
      job.editStatus()
          .addNewCondition()
          .withType("Complete")
          .withStatus("True")
          .endCondition()
          .withCompletionTime(T0.plusSeconds(30).toString())
          .endStatus();
    }
    return job.build();
  }

  private static ScheduledJob scheduledJob(String uid, String resourceVersion, String schedule) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName("report")
            .withUid(uid)
            .withResourceVersion(resourceVersion)
            .withCreationTimestamp(T0.toString())
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule(schedule);
    sj.setSpec(spec);
    return sj;
  }
}
