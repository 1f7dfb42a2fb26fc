package io.cronlog.api;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of the ScheduledJob CRD, kept in one place so
 * that their split from the run-time checks can be read at once.
 *
 * <p>batch/v1 validates a CronJob in Go inside the API server: it runs robfig's parser on the
 * schedule and loads the time zone. A CRD can do neither. So the schema checks the shape (five
 * fields of cron characters, or a descriptor; no {@code TZ}; a zone name made of IANA name parts)
 * and cronlog's own parser and time-zone database judge the rest at run time, where a schedule that
 * does not parse ({@code 61 * * * *}) or a zone that is not known gives {@code Ready=False} and a
 * Warning Event, never a run. {@link SpecProblems} re-checks at run time what the schema checks,
 * for objects stored without it.
 *
 * <p>A real API server estimates the worst-case cost of each rule from the schema before it accepts
 * the CRD; a rule that scans a string of unbounded length ({@code matches}, {@code contains}) is
 * costed for a string of the whole request size and refused. Hence a {@code maxLength} on every
 * string a rule scans.
 */
final class CrdRules {

  private CrdRules() {}

  /**
   * On the resource root, where CEL sees {@code metadata.name} and {@code metadata.generateName}
   * only.
   */
  static final String NAME_LENGTH = "self.metadata.name.size() <= " + SpecProblems.MAX_NAME;

  static final String NAME_LENGTH_MESSAGE =
      "metadata.name must be no more than "
          + SpecProblems.MAX_NAME
          + " characters, so that <name>-<8 digits> fits a 63-character Job name";

  /**
   * Far above any real schedule (all 60 minutes listed take 170 characters); bounds the rules'
   * cost.
   */
  static final int SCHEDULE_MAX_LENGTH = 1024;

  /**
   * batch/v1 rejects "TZ" anywhere in the schedule, which covers the TZ= and CRON_TZ= prefixes
   * robfig reads.
   */
  static final String SCHEDULE_WITHOUT_TZ = "!self.contains('TZ')";

  static final String SCHEDULE_WITHOUT_TZ_MESSAGE =
      "cannot use TZ or CRON_TZ in schedule, use timeZone field instead";

  // Go's strings.Fields splits on Unicode white space: ASCII space, \t \n \v \f \r, U+0085 and
  // the Z categories. A field holds only what robfig's fields can: digits, names, * ? , / -.
  private static final String SPACE = "[\\t\\n\\x0B\\f\\r\\x{85}\\p{Z}]";
  private static final String FIELD = "[0-9A-Za-z*?,/-]+";
  private static final String GO_DURATION =
      "[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)";

  /**
   * Five fields or a descriptor; skipped when TZ is present, which the rule above reports better.
   */
  static final String SCHEDULE_SHAPE =
      "self.contains('TZ') || self.matches(r'^("
          + "@(yearly|annually|monthly|weekly|daily|midnight|hourly)"
          + "|@every "
          + GO_DURATION
          + "|"
          + SPACE
          + "*"
          + FIELD
          + "("
          + SPACE
          + "+"
          + FIELD
          + "){4}"
          + SPACE
          + "*"
          + ")$')";

  static final String SCHEDULE_SHAPE_MESSAGE =
      "must be five fields (minute hour day-of-month month day-of-week)"
          + " or a descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)";

  /** Four parts of 14 characters are more than any IANA name has; bounds the rule's cost. */
  static final int TIME_ZONE_MAX_LENGTH = 64;

  // batch/v1: not Local (in any case), each /-separated part 1-14 of [A-Za-z.-_0-9+], not "." or
  // "..", not starting with "-". A part starting with "." is refused here too: no zone has one.
  private static final String ZONE_PART = "[A-Za-z_0-9+][A-Za-z._0-9+-]{0,13}";
  static final String TIME_ZONE_SHAPE =
      "self.matches(r'^"
          + ZONE_PART
          + "(/"
          + ZONE_PART
          + ")*$')"
          + " && !self.matches(r'^(?i)local$')";
  static final String TIME_ZONE_SHAPE_MESSAGE =
      "must be an IANA time zone name such as Europe/Berlin, not Local";

  /** batch/v1 sets the Job's selector itself and rejects one in the template. */
  static final String NO_SELECTOR =
      "!has(self.spec) || (!has(self.spec.selector)"
          + " && !(has(self.spec.manualSelector) && self.spec.manualSelector))";

  static final String NO_SELECTOR_MESSAGE =
      "jobTemplate.spec.selector and manualSelector are set by cronlog," + " not by the user";

  /** batch/v1 validates the pod template as a Pod's; a CRD can at least require a container. */
  static final String HAS_CONTAINERS =
      "has(self.spec) && has(self.spec.template) && has(self.spec.template.spec)"
          + " && has(self.spec.template.spec.containers) && size(self.spec.template.spec.containers) > 0";

  static final String HAS_CONTAINERS_MESSAGE = "a Job needs at least one container";
}
