package main

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// Zones with daylight saving in both hemispheres, transitions at midnight (Santiago, Havana,
// Asuncion, Beirut, Cairo, historical Sao_Paulo), 30-minute DST (Lord_Howe), 30- and 45-minute
// offsets, and zones without DST.
var dstZones = []string{
	"America/New_York", "America/Los_Angeles", "America/Chicago", "America/St_Johns", "America/Halifax",
	"Europe/London", "Europe/Berlin", "Europe/Dublin", "Europe/Helsinki", "Atlantic/Azores",
	"America/Santiago", "America/Havana", "America/Asuncion", "Asia/Beirut", "Africa/Cairo",
	"America/Sao_Paulo", "America/Nuuk", "Asia/Jerusalem", "Antarctica/Troll",
	"Australia/Sydney", "Australia/Adelaide", "Australia/Lord_Howe", "Australia/Hobart",
	"Pacific/Auckland", "Pacific/Chatham", "America/Mexico_City", "Europe/Moscow", "Pacific/Apia",
	"Pacific/Fakaofo", "Pacific/Kwajalein", "America/Caracas", "Asia/Pyongyang",
}

var fixedZones = []string{
	"", "UTC", "Etc/UTC", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Eucla", "Australia/Darwin",
	"Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT+12", "Etc/GMT-14", "Asia/Shanghai",
}

func pick[T any](r *rand.Rand, items []T) T { return items[r.Intn(len(items))] }

func anyZone(r *rand.Rand) string {
	if r.Intn(2) == 0 {
		return pick(r, fixedZones)
	}
	return pick(r, dstZones)
}

// randomInstant lies between 1995 and 2040, sometimes with a sub-second part.
func randomInstant(r *rand.Rand) time.Time {
	from := time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	to := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	t := time.Unix(from+r.Int63n(to-from), 0).UTC()
	switch r.Intn(4) {
	case 0:
		t = t.Truncate(time.Hour)
	case 1:
		t = t.Add(time.Duration(r.Intn(1e9)))
	}
	return t
}

var handPickedSpecs = []string{
	// fields, names, ?, ranges, steps, lists
	"* * * * *", "? ? ? ? ?", "0 * * * *", "*/5 * * * *", "*/7 * * * *", "5/15 * * * *", "59 23 31 12 *",
	"0 0 1 1 *", "30 10,11,12 * * 1-5", "0 9-17/2 * * mon-fri", "0 0 * jan,jul *", "0 0 * JAN-MAR SUN",
	"0 0 * * Sun,SAT", "0 12 * * tue-thu", "15 3 * FeB *", "0 0 1-7 * 1", "1,2,3 4 5 6 *",
	"0-59/10 * * * *", "*/1 * * * *", "*/60 * * * *", "30/30 * * * *", "0 0-23/6 * * *", "0 */25 * * *",
	"0 0 * * 0-6", "0 0 * * 6", "0 0 * * 0", "0 0 1/10 * *", "0 0 31 * *", "0 0 30 * *", "0 0 29 * *",
	"0,30 * * * *", "05 05 05 05 *", "+5 * * * *", "*/+2 * * * *", "1,,2 * * * *", "*-5 * * * *",
	"?/2 * * * *", "*-x * * * *", "0 0 *-3/2 * *", "* * * * *-3",
	// the day-of-month / day-of-week rule and its */n subtlety
	"0 0 13 * 5", "0 0 13 * *", "0 0 * * 5", "0 0 13 * ?", "0 0 ? * 5", "0 0 */2 * 5", "0 0 */1 * 5",
	"0 0 1-31 * 5", "0 0 13 * */2", "0 0 13 * */1", "0 0 */2 * */2", "0 0 1,15 * mon", "0 0 * * 1-5/2",
	"0 0 29 2 *", "0 0 29 2 1", "0 0 29 2 ?", "0 0 30 2 *", "0 0 31 4 *", "0 0 31 2,4,6,9,11 *",
	"0 0 30 2 0", "0 0 31 */2 *", "0 0 , * *", "0 0 * , *", "0 0 29 2 mon", "0 0 1 1 */7",
	// descriptors
	"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
	// rejected
	"", " ", "0 0 * * 7", "0 0 * * 0-7", "0 0 L * *", "0 0 15W * *", "0 0 * * 5L", "0 0 * * 5#3",
	"H * * * *", "H/5 * * * *", "0 0 0 * * *", "0 0 * * * 2024", "0 0 * *", "5-1 * * * *",
	"0 22-2 * * *", "*/0 * * * *", "5/0 * * * *", "60 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 32 * *",
	"0 0 * 0 *", "0 0 * 13 *", "@reboot", "@DAILY", "@Hourly", "@every", "@fortnightly",
	"TZ=UTC 0 0 * * *", "CRON_TZ=Europe/Berlin 0 0 * * *", "TZ=UTC @daily", "1-2-3 * * * *",
	"1/2/3 * * * *", "a * * * *", "-1 * * * *", "*/-1 * * * *", "1- * * * *", "0x10 * * * *",
	"1.5 * * * *", "0 0 * * monday", "0 0 * * mon-", "0 0 * jan-dec/0 *", "0 0 * * ⅰ",
	" 0 0 * * *", "0 0 * * * ", "0\t0\t*\t*\t*", "0 0\u00a0* * *", "0 0\u2003* * *", "0 0\u200b* * *",
	"0 0 * * fr\u0130", "99999999999999999999 * * * *", "00000000000000000000000005 * * * *",
}

func handPicked(r *rand.Rand) []testCase {
	starts := []time.Time{
		time.Date(2024, 2, 28, 23, 59, 59, 0, time.UTC),
		time.Date(2025, 12, 31, 23, 58, 0, 500_000_000, time.UTC),
		time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC),
	}
	var cases []testCase
	for _, spec := range handPickedSpecs {
		for i, from := range starts {
			zone := ""
			if i == 2 {
				zone = anyZone(r)
			}
			cases = append(cases, testCase{spec, zone, from})
		}
	}
	return cases
}

var dstSpecs = []string{
	"0 * * * *", "30 * * * *", "*/15 * * * *", "*/45 * * * *", "0 0 * * *", "30 0 * * *", "0 1 * * *",
	"30 1 * * *", "0 2 * * *", "30 2 * * *", "59 2 * * *", "0 3 * * *", "30 3 * * *", "0 23 * * *",
	"45 23 * * *", "0 0-3 * * *", "*/30 0-4 * * *", "0 2 * * 0", "0 0 * * 0", "@hourly", "@daily",
	"@weekly", "0 0 1 * *", "15 2 1-7 * 0", "0 0 * * *", "5 0 * * *", "0 12 * * *",
}

// daylightSaving starts a little before real offset changes of the zones above.
func daylightSaving(r *rand.Rand) []testCase {
	var cases []testCase
	for _, zone := range dstZones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			panic(err)
		}
		for n := 0; n < 4; n++ {
			year := 2005 + r.Intn(30)
			for _, change := range offsetChanges(loc, year) {
				for k := 0; k < 3; k++ {
					from := change.Add(-time.Duration(r.Intn(50*60)) * time.Minute)
					cases = append(cases, testCase{pick(r, dstSpecs), zone, from})
				}
			}
		}
	}
	return cases
}

// offsetChanges finds the instants in a year when the zone's offset changes (to the minute).
func offsetChanges(loc *time.Location, year int) []time.Time {
	var changes []time.Time
	t := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := t.AddDate(1, 0, 0)
	_, offset := t.In(loc).Zone()
	for ; t.Before(end); t = t.Add(time.Hour) {
		if _, o := t.Add(time.Hour).In(loc).Zone(); o != offset {
			at := t
			for ; ; at = at.Add(time.Minute) {
				if _, o2 := at.In(loc).Zone(); o2 != offset {
					break
				}
			}
			changes = append(changes, at)
			offset = o
		}
	}
	return changes
}

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// randomField writes one cron field of the kinds robfig accepts, mostly valid.
func randomField(r *rand.Rand, min, max int, names []string) string {
	value := func() string {
		v := min + r.Intn(max-min+1)
		if names != nil && r.Intn(3) == 0 {
			name := names[v-min]
			switch r.Intn(3) {
			case 0:
				name = strings.ToUpper(name)
			case 1:
				name = strings.ToUpper(name[:1]) + name[1:]
			}
			return name
		}
		return fmt.Sprint(v)
	}
	term := func() string {
		switch r.Intn(9) {
		case 0:
			return "*"
		case 1:
			return fmt.Sprintf("*/%d", 1+r.Intn(max-min+1))
		case 2:
			a, b := min+r.Intn(max-min+1), min+r.Intn(max-min+1)
			if a > b {
				a, b = b, a
			}
			return fmt.Sprintf("%d-%d", a, b)
		case 3:
			a, b := min+r.Intn(max-min+1), min+r.Intn(max-min+1)
			if a > b {
				a, b = b, a
			}
			return fmt.Sprintf("%d-%d/%d", a, b, 1+r.Intn(10))
		case 4:
			return fmt.Sprintf("%s/%d", value(), 1+r.Intn(12))
		default:
			return value()
		}
	}
	switch r.Intn(10) {
	case 0:
		return "*"
	case 1:
		return "?"
	case 2, 3:
		n := 2 + r.Intn(3)
		terms := make([]string, n)
		for i := range terms {
			terms[i] = term()
		}
		return strings.Join(terms, ",")
	default:
		return term()
	}
}

func randomSpec(r *rand.Rand) string {
	return strings.Join([]string{
		randomField(r, 0, 59, nil), randomField(r, 0, 23, nil), randomField(r, 1, 31, nil),
		randomField(r, 1, 12, monthNames), randomField(r, 0, 6, dayNames),
	}, " ")
}

func randomSchedules(r *rand.Rand, n int) []testCase {
	cases := make([]testCase, 0, n)
	for i := 0; i < n; i++ {
		cases = append(cases, testCase{randomSpec(r), anyZone(r), randomInstant(r)})
	}
	return cases
}

var damage = []string{"7", "60", "24", "32", "0", "13", "L", "5L", "15W", "5#3", "H", "5-1", "*/0", "3/0",
	"x", "-2", "1-", "1--2", "1//2", "*/", ",", ",,", "?/3", "*-9", "JAN", "Sun", "1,L", "0x1", "+1", "07"}

// mutatedSchedules replace one field of a random schedule with something near the edge.
func mutatedSchedules(r *rand.Rand, n int) []testCase {
	cases := make([]testCase, 0, n)
	for i := 0; i < n; i++ {
		fields := strings.Fields(randomSpec(r))
		fields[r.Intn(5)] = pick(r, damage)
		switch r.Intn(12) {
		case 0:
			fields = append(fields, "*")
		case 1:
			fields = fields[:4]
		}
		cases = append(cases, testCase{strings.Join(fields, " "), anyZone(r), randomInstant(r)})
	}
	return cases
}

var durations = []string{"1s", "1m", "5m", "90s", "1h30m", "2h45m30.5s", "500ms", "1.5s", "0", "0s",
	"-1h", "+5m", "24h", "168h", "1µs", "1μs", "3.999999999s", "59.9999999999s", "0.5h", ".5m", "1.m",
	"1h1h", "1d", "1x", "", " 5m", "5m ", "1e3s", "9223372036s", "9223372037s", "2562047h", "2562048h",
	"1.0000000001h", "7.77777777777777777777777h", "3ns", "1000000000ns", "0.1s", "-0", "1m-1s"}

func everyCases(r *rand.Rand) []testCase {
	var cases []testCase
	for _, d := range durations {
		for k := 0; k < 2; k++ {
			cases = append(cases, testCase{"@every " + d, anyZone(r), randomInstant(r)})
		}
	}
	for k := 0; k < 40; k++ {
		d := time.Duration(r.Int63n(int64(72 * time.Hour)))
		cases = append(cases, testCase{"@every " + d.String(), anyZone(r), randomInstant(r)})
	}
	cases = append(cases, testCase{"@every  5m", "", randomInstant(r)}, testCase{"@every\t5m", "", randomInstant(r)})
	return cases
}

var zoneNamesToCheck = []string{"Local", "local", "LOCAL", "Mars/Olympus", "America/New York", "../etc",
	"America/../UTC", "./UTC", "-UTC", "America/Argentina/Buenos_Aires", "America/Indiana/Knox",
	"Etc/GMT+5", "GMT", "UTC+5", "GMT+5", "Z", "utc", "america/new_york", "Asia/Calcutta", "US/Eastern",
	"America/Port-au-Prince", "Antarctica/DumontDUrville", "Europe/Kyiv", "/UTC", "UTC/", "Europe//London",
	"ThisIsWayTooLongName/UTC", "Etc/GMT-14", "Asia/Katmandu", "Australia/LHI", "NZ-CHAT", "Chile/Continental"}

func zoneNames(r *rand.Rand) []testCase {
	var cases []testCase
	for _, zone := range zoneNamesToCheck {
		cases = append(cases, testCase{pick(r, dstSpecs), zone, randomInstant(r)})
	}
	// The zone is checked first: a bad zone and a bad schedule is an unknown zone.
	cases = append(cases, testCase{"0 0 * * 7", "Mars/Olympus", randomInstant(r)})
	return cases
}

// Names Go accepts from the zoneinfo directory that the JDK lacks or spells otherwise, and names
// of the JDK that Go refuses (docs/schedules.md, "Time zone names"). localtime is left out: it is
// the host's zone in Go and refused by cronlog on purpose. right/ zones only agree before their
// data ends (2026), so they get no case across an offset change.
var legacyZones = []string{"EST", "MST", "HST", "Factory", "GMT+0", "GMT-0", "ROC", "America/Coyhaique",
	"right/America/New_York", "right/Europe/London", "posix/EST", "SystemV/EST5", "posix/posixrules",
	"posix/posix/UTC", "right/localtime"}

var legacyDstZones = []string{"US/Eastern", "US/Pacific", "EST5EDT", "CET", "posixrules", "GB", "NZ",
	"posix/Europe/Berlin", "posix/Australia/Sydney", "Chile/Continental"}

func legacyZoneNames() []testCase {
	newYear := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var cases []testCase
	for _, zone := range append(legacyZones, legacyDstZones...) {
		cases = append(cases, testCase{"0 9 * * *", zone, newYear})
	}
	for _, zone := range legacyDstZones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			panic(err)
		}
		for _, change := range offsetChanges(loc, 2027) {
			for _, spec := range []string{"0 2 * * *", "30 1 * * *", "0 * * * *"} {
				cases = append(cases, testCase{spec, zone, change.Add(-2 * time.Hour)})
			}
		}
	}
	return cases
}
