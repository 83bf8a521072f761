package naive

import (
	"math"
	"testing"

	"github.com/neardup/dedupe/bench/gen"
	"github.com/neardup/dedupe/shingle"
)

// TestNaive checks the baseline: deterministic, the empty signature for no
// shingle, and an unbiased estimate on generated pairs.
func TestNaive(t *testing.T) {
	n := New(128, 1)
	if got := n.Append(nil, nil); len(got) != 128 || got[0] != math.MaxUint32 {
		t.Fatalf("Append(nil) = %d values starting %v, want 128 × MaxUint32", len(got), got[0])
	}
	g := gen.New(gen.Options{Seed: 4})
	s := shingle.New(shingle.Options{Normalization: shingle.Whitespace})
	var sumErr float64
	pairs := g.Pairs(40, 0.5, 0.8)
	for _, p := range pairs {
		est := Similarity(n.Append(nil, s.Append(nil, p.A)), n.Append(nil, s.Append(nil, p.B)))
		sumErr += est - p.Jaccard
	}
	// Standard error of the mean of 40 estimates at k = 128: about 0.006.
	if mean := sumErr / float64(len(pairs)); math.Abs(mean) > 0.025 {
		t.Errorf("mean error of the naive estimate = %v, want about 0", mean)
	}
}
