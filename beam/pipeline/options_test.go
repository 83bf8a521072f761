package pipeline

import (
	"strings"
	"testing"
)

// TestOptionsBounds checks that Options.Check refuses the shards and
// rounds that would size the pipeline graph beyond MaxShards and
// MaxRounds (2,000,000,000 shards ran out of memory building it).
func TestOptionsBounds(t *testing.T) {
	ok := []Options{{}, {Shards: MaxShards}, {Keep: KeepOptions{Components: ComponentOptions{Rounds: MaxRounds}}}}
	for _, o := range ok {
		if err := o.Check(); err != nil {
			t.Errorf("Check with Shards %d, Rounds %d = %v", o.Shards, o.Keep.Components.Rounds, err)
		}
	}
	for _, c := range []struct {
		o   Options
		err string
	}{
		{Options{Shards: MaxShards + 1}, "output shards"},
		{Options{Shards: -1}, "output shards"},
		{Options{Keep: KeepOptions{Components: ComponentOptions{Rounds: 2000000000}}}, "rounds"},
	} {
		if err := c.o.Check(); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("Check with Shards %d, Rounds %d = %v, want an error about %s", c.o.Shards, c.o.Keep.Components.Rounds, err, c.err)
		}
	}
}
