package pipeline

import (
	"cmp"
	"fmt"
	"maps"
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

// referenceCandidates applies the rule of dedupe clean's index
// sequentially: each document, in ordinal order, is paired with the
// maxCand earliest earlier documents that share a band key with it.
func referenceCandidates(docs map[int64][]uint64, maxCand int) (pairs []string, capped int) {
	ords := slices.Sorted(maps.Keys(docs))
	buckets := map[uint64][]int64{}
	for _, b := range ords {
		var as []int64
		for _, k := range docs[b] {
			as = append(as, buckets[k]...)
			buckets[k] = append(buckets[k], b)
		}
		slices.Sort(as)
		as = slices.Compact(as)
		if len(as) > maxCand {
			capped++
			as = as[:maxCand]
		}
		for _, a := range as {
			pairs = append(pairs, formatPair(Pair{a, b}))
		}
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
	for _, o := range []CandidateOptions{{}, {MaxCandidates: 5, MaxBucket: 20}, {MaxCandidates: 3, MaxBucket: 1}} {
		t.Run(fmt.Sprintf("max-%d-%d", o.MaxCandidates, o.MaxBucket), func(t *testing.T) {
			p, s := beam.NewPipelineWithRoot()
			kvs := beam.ParDo(s, bandDocKV, beam.CreateList(s, in))
			pairs := Candidates(s, kvs, o)
			collect(s, t.Name(), beam.ParDo(s, formatPair, pairs))
			pr, got := run(t, p, t.Name())
			want, capped := referenceCandidates(docs, cmp.Or(o.MaxCandidates, DefaultMaxCandidates))
			if d := diff(got[0], want); d != "" {
				t.Errorf("pairs differ from the reference: %s", d)
			}
			t.Logf("%d documents, %d pairs, %d capped documents", len(in), len(want), capped)
			if n := counter(pr.Metrics(), "capped_candidates"); n != int64(capped) || capped == 0 {
				t.Errorf("capped_candidates = %d, want %d (more than 0: the copies)", n, capped)
			}
		})
	}
}
