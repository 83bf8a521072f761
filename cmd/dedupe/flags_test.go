package main

import (
	"flag"
	"math"
	"runtime/debug"
	"testing"

	"github.com/neardup/dedupe"
)

// TestMemLimitFlag: "-mem-limit 1400M given explicitly on the command
// line is ignored when the GOMEMLIMIT environment variable is set" (QA):
// apply compared the value with the default instead of asking whether
// the flag was given. A given -mem-limit, the default included, now wins
// over GOMEMLIMIT, which applies when the flag is not given; without
// GOMEMLIMIT the default applies.
func TestMemLimitFlag(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const env = 3 << 30 // the limit the runtime read from GOMEMLIMIT=3GiB
	for _, c := range []struct {
		gomemlimit string
		args       []string
		want       int64
	}{
		{"3GiB", []string{"-mem-limit", "1400M"}, defaultMemLimit},
		{"3GiB", []string{"-mem-limit", "1G"}, 1 << 30},
		{"3GiB", []string{"-mem-limit", "0"}, math.MaxInt64},
		{"3GiB", nil, env},
		{"", nil, defaultMemLimit},
		{"", []string{"-mem-limit", "2G"}, 2 << 30},
	} {
		t.Setenv("GOMEMLIMIT", c.gomemlimit)
		debug.SetMemoryLimit(env)
		var f runFlags
		fs := flag.NewFlagSet("clean", flag.ContinueOnError)
		f.register(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		if err := f.apply(&dedupe.Options{}); err != nil {
			t.Fatal(err)
		}
		if got := debug.SetMemoryLimit(-1); got != c.want {
			t.Errorf("GOMEMLIMIT=%q %q: memory limit %d, want %d", c.gomemlimit, c.args, got, c.want)
		}
	}
}
