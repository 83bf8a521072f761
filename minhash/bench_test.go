package minhash

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchSizes are the shingle counts of the signature benchmarks: a short
// text, a short news story (about 800 bytes, 130 shingles), a 3 KB
// document (about 500 five-word shingles) and a long one.
var benchSizes = []int{8, 50, 130, 500, 5000}

func randomSet(r *rand.Rand, n int) []uint64 {
	xs := make([]uint64, n)
	for i := range xs {
		xs[i] = r.Uint64()
	}
	return xs
}

// benchSets returns the number of distinct sets of n shingles that
// BenchmarkAppend cycles through, so that the branch predictor cannot
// learn the outcomes of one set, as it cannot in a real corpus (the bench
// package does the same with its documents): 1024 sets for short texts,
// fewer for long ones, so that the sets fit in the caches as a document's
// fresh shingles do. 64 sets were not enough: the predictor learnt enough
// of them that fillMany and fillFew, since replaced for short texts, ran at
// 1.35 µs for n = 50 on 64 sets and 2.95 µs on 1024 (on the shingles of
// the Reuters stories, in the bench package, they took 2.9 µs a story).
// On a single set of 5000 shingles, a branch on each shingle's rank was
// predicted well enough to run at 8.7 µs a signature; on 64 sets it ran
// at 15 µs.
func benchSets(n int) int { return min(1024, max(64, (1<<17)/n)) }

// BenchmarkAppend reports ns per signature at K = 128 for both families,
// and cpu-ns/op, the process CPU time per signature, which a shared machine
// inflates less than wall time. Run it with -cpu 1.
func BenchmarkAppend(b *testing.B) {
	for _, fam := range []Family{OnePermutation, Classic} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%v/n=%d", fam, n), func(b *testing.B) {
				h := New(Options{Family: fam, Seed: 1})
				r := rand.New(rand.NewPCG(1, uint64(n)))
				sets := make([][]uint64, benchSets(n))
				for i := range sets {
					sets[i] = randomSet(r, n)
				}
				dst := make(Signature, 0, h.K())
				b.ReportAllocs()
				b.ResetTimer()
				c0 := cpuTime()
				for i := 0; i < b.N; i++ {
					dst = h.Append(dst[:0], sets[i%len(sets)])
				}
				if d := cpuTime() - c0; d > 0 {
					b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}

// BenchmarkSimilarity reports the cost of comparing two K = 128 signatures.
func BenchmarkSimilarity(b *testing.B) {
	h := New(Options{})
	r := rand.New(rand.NewPCG(2, 2))
	x, y := h.Append(nil, randomSet(r, 500)), h.Append(nil, randomSet(r, 500))
	b.ReportAllocs()
	var sum float64
	for i := 0; i < b.N; i++ {
		sum += Similarity(x, y)
	}
	_ = sum
}
