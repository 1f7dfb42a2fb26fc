package io.cronlog.watcher.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronlog.api.ScheduledJob;
import io.cronlog.api.ScheduledJobSpec;
import io.cronlog.api.ScheduledJobStatus;
import io.cronlog.records.Change;
import io.cronlog.records.JobSummary;
import io.cronlog.records.state.JobHistoryWindow;
import io.cronlog.watcher.observe.Observation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatesTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void isCaughtUpOnlyOnceEveryListedObjectWasObservedEvenWhenTheMarkerComesFirst() {
    Aggregates aggregates = new Aggregates();
    ScheduledJob early = scheduledJob("early", "uid-1", "10");
    ScheduledJob late = scheduledJob("late", "uid-2", "11");
    aggregates.apply(new Observation.OfScheduledJob(Change.ADDED, early, NOW));

    aggregates.apply(new Observation.InitialListComplete(List.of(early, late), List.of(), NOW));
    assertThat(aggregates.caughtUpWithInitialList()).isFalse();

    aggregates.apply(new Observation.OfScheduledJob(Change.ADDED, late, NOW));
    assertThat(aggregates.caughtUpWithInitialList()).isTrue();
  }

  @Test
  void aListedObjectAlreadyPublishedAtThatVersionPublishesNothingAndIsNotAwaited() {
    Aggregates first = new Aggregates();
    ScheduledJob kept = scheduledJob("kept", "uid-1", "10");
    List<Publication> published =
        first.apply(new Observation.OfScheduledJob(Change.ADDED, kept, NOW));
    Aggregates restarted = new Aggregates();
    restarted.seed(List.of(published.get(0).state()));

    assertThat(restarted.apply(new Observation.InitialListComplete(List.of(kept), List.of(), NOW)))
        .isEmpty();
    assertThat(restarted.caughtUpWithInitialList()).isTrue();
    assertThat(restarted.apply(new Observation.OfScheduledJob(Change.ADDED, kept, NOW))).isEmpty();
  }

  @Test
  void aSeededObjectMissingFromTheListIsPublishedAsDeletedWithATombstone() {
    Aggregates first = new Aggregates();
    ScheduledJob gone = scheduledJob("gone", "uid-1", "10");
    Aggregates restarted = new Aggregates();
    restarted.seed(
        List.of(
            first.apply(new Observation.OfScheduledJob(Change.ADDED, gone, NOW)).get(0).state()));

    List<Publication> published =
        restarted.apply(new Observation.InitialListComplete(List.of(), List.of(), NOW));
    assertThat(published)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.event().change()).isEqualTo(Change.DELETED);
              assertThat(p.tombstone()).isTrue();
            });
  }

  @Test
  void theStateListsEveryUnfinishedJobButOnlyTheNewestFinishedOnesBeyondTheHistoryLimit() {
    Aggregates aggregates = new Aggregates();
    ScheduledJob owner =
        scheduledJob("report", "uid-1", "10"); // successfulJobsHistoryLimit 3 by default
    owner.setStatus(new ScheduledJobStatus());
    owner.getStatus().setActive(List.of(new ObjectReferenceBuilder().withUid("job-0").build()));
    aggregates.apply(new Observation.OfScheduledJob(Change.ADDED, owner, NOW));
    List<Publication> last = List.of();
    for (int i = 0; i < 40; i++) {
      last =
          aggregates.apply(
              new Observation.OfJob(
                  Change.ADDED, job("report-" + i, "job-" + i, i, true), "report", NOW));
    }
    last =
        aggregates.apply(
            new Observation.OfJob(
                Change.ADDED, job("report-running", "job-r", 50, false), "report", NOW));

    List<String> listed = last.get(0).state().jobs().stream().map(JobSummary::name).toList();
    assertThat(listed)
        .hasSize(1 + 3 + JobHistoryWindow.SLACK + 1)
        .contains("report-0") // status.active names it: the scheduler must see it finished
        .contains("report-running")
        .contains("report-17", "report-39")
        .doesNotContain("report-1", "report-16");
  }

  private static Job job(String name, String uid, int startMinute, boolean succeeded) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withNamespace("team-a")
            .withName(name)
            .withUid(uid)
            .withResourceVersion("1")
            .addNewOwnerReference()
            .withApiVersion(ScheduledJob.API_VERSION)
            .withKind(ScheduledJob.KIND)
            .withName("report")
            .withUid("uid-1")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewStatus()
            .withStartTime(NOW.plusSeconds(60L * startMinute).toString())
            .endStatus();
    if (succeeded) {
      job.editStatus()
          .addNewCondition()
          .withType("Complete")
          .withStatus("True")
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  private static ScheduledJob scheduledJob(String name, String uid, String resourceVersion) {
    ScheduledJob sj = new ScheduledJob();
    sj.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName(name)
            .withUid(uid)
            .withResourceVersion(resourceVersion)
            .build());
    ScheduledJobSpec spec = new ScheduledJobSpec();
    spec.setSchedule("* * * * *");
    sj.setSpec(spec);
    return sj;
  }
}
