package io.cronlog.audit.render.html;

import io.cronlog.audit.analyze.Fate;
import io.cronlog.audit.timeline.TimelineEntry;
import java.time.Duration;
import java.util.Locale;

/**
 * How one RUN or MANUAL_RUN entry looks: its fate as the timeline wrote it, its lateness, and the
 * colour class the picture, the summary and the table share.
 *
 * @param fate the entry's {@code fate} field ({@code created}, {@code missed}, ...), or {@code
 *     unknown}
 * @param latenessSeconds Job creation minus scheduled time, or null when it did not run
 * @param look the CSS class: {@code ok}, {@code late}, {@code missed}, {@code failed}, {@code
 *     skipped}, {@code pending} or {@code unknown}
 */
record RunLook(String fate, Double latenessSeconds, String look) {

  /**
   * The look of {@code entry}; a run is late when its Job came more than {@code maxSkew} after its
   * time.
   */
  static RunLook of(TimelineEntry entry, Duration maxSkew) {
    Object fateField = entry.fields().get("fate");
    String fateText = fateField == null ? "unknown" : fateField.toString();
    Double lateness =
        entry.fields().get("latenessSeconds") instanceof Number n ? n.doubleValue() : null;
    Fate fate = parse(fateText);
    if (fate == null) {
      // A fate this renderer does not know yet still gets a mark, so no run goes missing from the
      // picture.
      return new RunLook(fateText, lateness, "unknown");
    }
    String look =
        switch (fate) {
          case CREATED, ADOPTED, ALREADY_DONE ->
              lateness != null && lateness * 1000 > maxSkew.toMillis() ? "late" : "ok";
          case MISSED, NO_OUTCOME -> "missed";
          case FAILED, REFUSED -> "failed";
          case SKIPPED_FORBID, SUPERSEDED, MISSED_DEADLINE, MOOT -> "skipped";
          case PENDING -> "pending";
        };
    return new RunLook(fateText, lateness, look);
  }

  boolean late() {
    return look.equals("late");
  }

  /**
   * The timeline writes a fate as its enum name in lower case with dashes: {@code skipped-forbid}.
   */
  private static Fate parse(String text) {
    try {
      return Fate.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
