#!/bin/sh
# Regenerates the golden file of robfig/cron fire times that RobfigGoldenTest checks, and the
# golden file of the time zone names Go accepts, with their offsets, that TimeZoneGoldenTest checks.
#
# The oracle is the real robfig/cron v3.0.1 (the library the Kubernetes CronJob controller uses),
# run by Go from Debian's packages: apt-get install golang-go golang-github-robfig-cron-dev.
# It is a script and not part of the Maven build so that the build and CI need no Go: they only
# read the committed output. Run it again after changing the cases or the tz database.
#
# Usage: schedule/golden/generate.sh [seed] [output]
#   defaults: seed 1, output schedule/src/test/resources/golden/robfig-v3.0.1.tsv
#   A different seed gives a held-out file of the same kinds of cases.
#   The zone names always go to schedule/src/test/resources/golden/go-zones.tsv.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seed=${1:-1}
out=${2:-$here/../src/test/resources/golden/robfig-v3.0.1.tsv}
command -v go >/dev/null || { echo "needs Go: apt-get install golang-go golang-github-robfig-cron-dev" >&2; exit 1; }
[ -d /usr/share/gocode/src/github.com/robfig/cron ] \
  || { echo "needs robfig/cron: apt-get install golang-github-robfig-cron-dev" >&2; exit 1; }
tzdata=$(dpkg-query -W -f '${Version}' tzdata 2>/dev/null || echo unknown)
# The module proxy is not used: go.mod replaces robfig/cron with the Debian copy.
export GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local
(cd "$here/robfig-oracle" && go run . -seed "$seed" -tzdata "$tzdata") > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $(grep -vc '^#' "$out") cases to $out" >&2
zones=$here/../src/test/resources/golden/go-zones.tsv
(cd "$here/zones-oracle" && go run . -tzdata "$tzdata") > "$zones.tmp"
mv "$zones.tmp" "$zones"
echo "wrote $(grep -c '^accept' "$zones") accepted zone names to $zones" >&2
