module cronlog.io/robfig-oracle

go 1.19

require github.com/robfig/cron/v3 v3.0.1

// The Debian package golang-github-robfig-cron-dev installs v3.0.1 here; no module proxy is used.
replace github.com/robfig/cron/v3 => /usr/share/gocode/src/github.com/robfig/cron
