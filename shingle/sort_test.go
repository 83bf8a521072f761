//go:build !race

// The race detector makes sync.Pool drop items at random, so radixSet
// allocates a new scratch now and then under -race.

package shingle

import (
	"math/rand/v2"
	"testing"
)

// TestSetAllocs guards the zero-allocation claim of Set: once warm, the
// scratch of radixSet comes from its pool.
func TestSetAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	src := make([]uint64, 3000)
	for i := range src {
		src[i] = r.Uint64()
	}
	h := make([]uint64, len(src))
	for _, n := range []int{10, 100, 500, 3000} {
		copy(h, src)
		Set(h[:n]) // warm the pool
		if a := testing.AllocsPerRun(20, func() { copy(h, src); Set(h[:n]) }); a != 0 {
			t.Errorf("Set(%d values): %v allocs, want 0", n, a)
		}
	}
}
