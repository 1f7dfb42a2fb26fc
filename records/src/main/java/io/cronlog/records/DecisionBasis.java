package io.cronlog.records;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a scheduler decision was made on, carried by each command it made, so that an auditor can
 * run the same pure decision again and compare: the instant it decided at, the id of the {@link
 * ScheduledJobState} it read (its state records are rebuilt from {@code cronlog.events}, where the
 * state's id names the event it followed), the runs that scheduler had started that the state did
 * not show yet, and a digest of all of those inputs as the decision core read them, so a rebuilt
 * input is proven the same before the decision is compared.
 *
 * @param stateId null when the decision was made on no state record (for example {@code cronlog
 *     explain})
 * @param inputs {@code sha256:} and the hex digest of the decision's canonical inputs
 */
public record DecisionBasis(Instant at, String stateId, List<Instant> pendingRuns, String inputs) {

  public DecisionBasis {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(inputs, "inputs");
    pendingRuns = pendingRuns == null ? List.of() : pendingRuns.stream().sorted().toList();
  }
}
