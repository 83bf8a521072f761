package pipeline

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.Function1x1(formatPair)
	register.Function1x2(bandDocKV)
}

func formatPair(p Pair) string { return fmt.Sprintf("%d-%d", p.A, p.B) }

// bandDoc is a document's ordinal and band keys, as the tests create them.
type bandDoc struct {
	Ord  int64
	Keys []uint64
}

func bandDocKV(d bandDoc) (int64, []uint64) { return d.Ord, d.Keys }

// bandKeys cuts sig into bands of rows values and hashes each band, its
// number mixed in, to one 64-bit key: the idea of the lsh package's band
// keys, written again for the tests.
func bandKeys(sig []uint32, rows int) []uint64 {
	keys := make([]uint64, 0, len(sig)/rows)
	for b := 0; b+rows <= len(sig); b += rows {
		h := mix(uint64(b/rows) + 0x9e3779b97f4a7c15)
		for _, v := range sig[b : b+rows] {
			h = mix(h ^ uint64(v))
		}
		keys = append(keys, h)
	}
	return keys
}

// testSignatures makes signatures of k values for families of
// near-duplicates (a base with a fraction of its values redrawn), a family
// of exact copies larger than the bucket cap, and unrelated documents,
// under shuffled ordinals spread over several shards.
func testSignatures(rng *rand.Rand, k int) map[int64][]uint32 {
	random := func() []uint32 {
		s := make([]uint32, k)
		for i := range s {
			s[i] = rng.Uint32()
		}
		return s
	}
	var sigs [][]uint32
	for range 60 { // near-duplicate families of 2-9 members
		base := random()
		for range 2 + rng.IntN(8) {
			s := slices.Clone(base)
			for i := range s {
				if rng.Float64() < 0.15 {
					s[i] = rng.Uint32()
				}
			}
			sigs = append(sigs, s)
		}
	}
	licence := random()
	for range 250 { // exact copies: one giant bucket per band
		sigs = append(sigs, slices.Clone(licence))
	}
	for range 400 {
		sigs = append(sigs, random())
	}
	out := map[int64][]uint32{}
	for i, p := range rng.Perm(len(sigs)) {
		out[Ordinal(i%7, 1+i/7)] = sigs[p]
	}
	return out
}

// referenceCandidates applies the bucket rule sequentially: all pairs in a
// bucket of at most maxBucket members, a star around the smallest member
// in a larger one.
func referenceCandidates(docs map[int64][]uint64, maxBucket int) (pairs []string, capped int) {
	buckets := map[uint64][]int64{}
	for ord, keys := range docs {
		for _, k := range keys {
			buckets[k] = append(buckets[k], ord)
		}
	}
	set := map[Pair]bool{}
	for _, ms := range buckets {
		slices.Sort(ms)
		if len(ms) > maxBucket {
			capped++
			for _, m := range ms[1:] {
				set[Pair{ms[0], m}] = true
			}
			continue
		}
		for i, a := range ms {
			for _, b := range ms[i+1:] {
				set[Pair{a, b}] = true
			}
		}
	}
	for p := range set {
		pairs = append(pairs, formatPair(p))
	}
	slices.Sort(pairs)
	return pairs, capped
}

// counter returns the committed (or attempted) value of the named counter
// of the dedupe namespace, summed over steps.
func counter(r metrics.Results, name string) int64 {
	var n int64
	for _, c := range r.AllMetrics().Counters() {
		if c.Namespace() == "dedupe" && c.Name() == name {
			n += c.Result()
		}
	}
	return n
}

func TestCandidates(t *testing.T) {
	const k, rows = 64, 4
	sigs := testSignatures(rand.New(rand.NewPCG(5, 6)), k)
	docs := map[int64][]uint64{}
	var in []bandDoc
	for ord, sig := range sigs {
		docs[ord] = bandKeys(sig, rows)
		in = append(in, bandDoc{ord, docs[ord]})
	}
	for _, maxBucket := range []int{0, 5} {
		t.Run(fmt.Sprint("max-bucket-", maxBucket), func(t *testing.T) {
			p, s := beam.NewPipelineWithRoot()
			kvs := beam.ParDo(s, bandDocKV, beam.CreateList(s, in))
			pairs := Candidates(s, kvs, CandidateOptions{MaxBucket: maxBucket})
			collect(s, t.Name(), beam.ParDo(s, formatPair, pairs))
			pr, got := run(t, p, t.Name())
			want, capped := referenceCandidates(docs, cmp.Or(maxBucket, DefaultMaxBucket))
			if d := diff(got[0], want); d != "" {
				t.Errorf("pairs differ from the reference: %s", d)
			}
			t.Logf("%d documents, %d pairs, %d capped buckets", len(in), len(want), capped)
			if n := counter(pr.Metrics(), "capped_buckets"); n != int64(capped) || capped < k/rows {
				t.Errorf("capped_buckets = %d, want %d (at least the %d bands of the copies)", n, capped, k/rows)
			}
		})
	}
}
