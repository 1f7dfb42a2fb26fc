package io.cronlog.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link Schedule#parse} with the golden file of {@code schedule/golden/zones-oracle}:
 * every zone name that Kubernetes validation and Go's {@code time.LoadLocation} accept (Debian's
 * tzdata, then Go's embedded copy), with its UTC offsets and next offset changes, and names Go
 * refuses. Where we differ on purpose the constants below say how, as docs/schedules.md does.
 */
class TimeZoneGoldenTest {

  private static final String RESOURCE = "/golden/go-zones.tsv";

  /** Go reads localtime as the host's own zone; we refuse it as Kubernetes refuses Local. */
  private static final Set<String> REFUSED_ON_PURPOSE = Set.of("localtime");

  /** New in tzdata 2025b, which the JDK lacks: mapped to a zone with its offsets from then on. */
  private static final Map<String, Instant> AGREES_FROM =
      Map.of("America/Coyhaique", Instant.parse("2025-03-20T03:00:00Z"));

  /**
   * Go's right/ zones count the leap seconds: each offset change comes 27 s later (all leap seconds
   * since 1972), and the data stops at the expiry of tzdata 2025b's leap-second list, after which
   * Go keeps the last offset forever. We keep the zone's own rules instead.
   */
  private static final Instant RIGHT_DATA_ENDS = Instant.parse("2026-06-28T00:00:00Z");

  private static final long LEAP_SECONDS = 27;

  /** One accepted name: Go's offsets at the 'at' instants and its changes as written by Go. */
  record Accepted(int line, String name, List<Integer> offsets, String changes) {}

  private final List<Instant> at = new ArrayList<>();
  private final List<Instant> changesAfter = new ArrayList<>();
  private final Map<String, Accepted> accepted = new LinkedHashMap<>();
  private final Map<String, String> rejected = new LinkedHashMap<>();

  @Test
  void everyZoneGoAcceptsResolvesToTheSameOffsets() throws IOException {
    read();
    List<String> mismatches = new ArrayList<>();
    for (Accepted go : accepted.values()) {
      if (REFUSED_ON_PURPOSE.contains(go.name())) {
        continue;
      }
      ZoneRules rules;
      try {
        rules = Schedule.parse("0 9 * * *", go.name()).zone().getRules();
      } catch (ScheduleException e) {
        mismatches.add("line " + go.line() + ": " + go.name() + " refused: " + e.getMessage());
        continue;
      }
      String ours = describe(go.name(), rules);
      String theirs = describe(go);
      if (!ours.equals(theirs)) {
        mismatches.add(
            "line "
                + go.line()
                + ": "
                + go.name()
                + "\n    go:   "
                + theirs
                + "\n    ours: "
                + ours);
      }
    }
    assertThat(mismatches)
        .as(
            "%d of %d names Go accepts differ:%n%s",
            mismatches.size(), accepted.size(), String.join("\n", mismatches))
        .isEmpty();
  }

  @Test
  void everyNameGoRefusesIsRefused() throws IOException {
    read();
    Set<String> names = new TreeSet<>(rejected.keySet());
    names.addAll(REFUSED_ON_PURPOSE);
    for (String name : names) {
      assertThatThrownBy(() -> Schedule.parse("0 9 * * *", name))
          .as(name)
          .isInstanceOf(UnknownTimeZoneException.class);
    }
  }

  @Test
  void everyJdkZoneGoLacksIsRefused() throws IOException {
    read();
    Set<String> jdkOnly = new TreeSet<>(ZoneRulesProvider.getAvailableZoneIds());
    jdkOnly.removeAll(accepted.keySet());
    assertThat(jdkOnly)
        .as("the JDK's SystemV zones, which tzdata dropped in 2020b")
        .contains("SystemV/EST5");
    for (String name : jdkOnly) {
      assertThatThrownBy(() -> Schedule.parse("0 9 * * *", name))
          .as(name)
          .isInstanceOf(UnknownTimeZoneException.class);
    }
  }

  @Test
  void goldenFileHoldsEveryClassOfName() throws IOException {
    read();
    assertThat(accepted)
        .hasSizeGreaterThan(1_700)
        .containsKeys(
            "America/New_York",
            "US/Eastern",
            "EST",
            "Factory",
            "posixrules",
            "posix/Europe/Berlin",
            "right/America/New_York",
            "localtime");
    assertThat(rejected).containsKeys("Local", "zone.tab", "America", "right/posixrules", "UTC+5");
    assertThat(at)
        .hasSizeGreaterThan(10)
        .anyMatch(t -> t.isAfter(Instant.parse("2038-01-19T03:14:08Z")));
  }

  /** Go's view of a name, but only where we claim to agree. */
  private String describe(Accepted go) {
    List<String> parts = new ArrayList<>();
    Instant from = agreesFrom(go.name());
    for (int i = 0; i < at.size(); i++) {
      if (!at.get(i).isBefore(from)) {
        parts.add(at.get(i) + "=" + go.offsets().get(i));
      }
    }
    return String.join(" ", parts) + " changes " + go.changes();
  }

  /** Our view of a name in the golden file's terms, with right/ zones as we say Go reads them. */
  private String describe(String name, ZoneRules rules) {
    boolean right = name.startsWith("right/");
    Instant from = agreesFrom(name);
    List<String> parts = new ArrayList<>();
    for (Instant t : at) {
      if (!t.isBefore(from)) {
        Instant asGo = right && t.isAfter(RIGHT_DATA_ENDS) ? RIGHT_DATA_ENDS : t;
        parts.add(t + "=" + rules.getOffset(asGo).getTotalSeconds());
      }
    }
    List<String> changes = new ArrayList<>();
    for (Instant after : changesAfter) {
      Instant t = after;
      for (int n = 0; n < 2; n++) {
        ZoneOffsetTransition next = rules.nextTransition(t);
        long delay = right ? LEAP_SECONDS : 0;
        if (next == null
            || right && next.getInstant().plusSeconds(delay).isAfter(RIGHT_DATA_ENDS)) {
          changes.add("-");
          break;
        }
        changes.add((next.toEpochSecond() + delay) + ":" + next.getOffsetAfter().getTotalSeconds());
        t = next.getInstant();
      }
    }
    return String.join(" ", parts) + " changes " + String.join(" ", changes);
  }

  private static Instant agreesFrom(String name) {
    String zone = name.startsWith("posix/") || name.startsWith("right/") ? name.substring(6) : name;
    return AGREES_FROM.getOrDefault(zone, Instant.MIN);
  }

  private void read() throws IOException {
    try (InputStream in = TimeZoneGoldenTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as("golden file %s", RESOURCE).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        String[] columns = line.split("\t", -1);
        switch (columns[0]) {
          case "at" -> Arrays.stream(columns[1].split(" ")).map(Instant::parse).forEach(at::add);
          case "changes-after" ->
              Arrays.stream(columns[1].split(" ")).map(Instant::parse).forEach(changesAfter::add);
          case "accept" ->
              accepted.put(
                  columns[1],
                  new Accepted(
                      number,
                      columns[1],
                      Arrays.stream(columns[2].split(" ")).map(Integer::valueOf).toList(),
                      columns[3]));
          case "reject" -> rejected.put(columns[1], columns[2]);
          default -> assertThat(line).as("line %d", number).startsWith("#");
        }
      }
    }
    assertThat(accepted.values()).allSatisfy(a -> assertThat(a.offsets()).hasSameSizeAs(at));
  }
}
