package pipeline

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// The test of the whole near-duplicate chain: band keys -> Candidates ->
// JoinPairs -> verification (exact Jaccard of shingle sets, in a test
// DoFn standing in for the engine's) -> Keep, against the engine's
// streaming rule with an LSH index of kept documents.

const (
	e2eK, e2eRows = 64, 4
	e2eThreshold  = 0.7
)

// setDoc is a document of the test: its ordinal and shingle set.
type setDoc struct {
	Ord int64
	Set []uint64
}

func init() {
	register.Function1x2(setDocBands)
	register.Function1x2(setDocPayload)
	register.DoFn2x0[PairPayloads, func(Edge)](&verifyFn{})
}

func setDocBands(d setDoc) (int64, []uint64) { return d.Ord, bandKeys(testMinhash(d.Set), e2eRows) }

func setDocPayload(d setDoc) (int64, []byte) { return d.Ord, encodeSet(d.Set) }

// testMinhash is a plain MinHash signature of e2eK values: one seeded mix per
// value.
func testMinhash(set []uint64) []uint32 {
	sig := make([]uint32, e2eK)
	for i := range sig {
		m := uint64(math.MaxUint64)
		for _, x := range set {
			m = min(m, mix(x^uint64(i+1)*0x9e3779b97f4a7c15))
		}
		sig[i] = uint32(m >> 32)
	}
	return sig
}

func encodeSet(set []uint64) []byte {
	b := make([]byte, 0, 8*len(set))
	for _, x := range set {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	return b
}

func decodeSet(b []byte) []uint64 {
	set := make([]uint64, len(b)/8)
	for i := range set {
		set[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return set
}

// jaccard of two sorted sets.
func jaccard(a, b []uint64) float64 {
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	if union := len(a) + len(b) - inter; union > 0 {
		return float64(inter) / float64(union)
	}
	return 0
}

// verifyFn stands for the engine's verification.
type verifyFn struct{}

func (verifyFn) ProcessElement(p PairPayloads, emit func(Edge)) {
	if s := jaccard(decodeSet(p.PayloadA), decodeSet(p.PayloadB)); s >= e2eThreshold {
		emit(Edge{A: p.A, B: p.B, Similarity: s})
	}
}

// setDocs makes families of near-duplicates (a base set with some
// shingles replaced), a family of exact copies larger than the bucket cap
// and unrelated documents, under shuffled ordinals.
func setDocs(rng *rand.Rand) []setDoc {
	random := func(n int) []uint64 {
		s := make([]uint64, n)
		for i := range s {
			s[i] = rng.Uint64()
		}
		return s
	}
	var sets [][]uint64
	for range 80 {
		base := random(40 + rng.IntN(40))
		for range 2 + rng.IntN(7) {
			s := slices.Clone(base)
			for i := range s {
				if rng.Float64() < 0.12 {
					s[i] = rng.Uint64()
				}
			}
			sets = append(sets, s)
		}
	}
	licence := random(60)
	for range 150 {
		sets = append(sets, licence)
	}
	for range 300 {
		sets = append(sets, random(50))
	}
	docs := make([]setDoc, len(sets))
	for i, p := range rng.Perm(len(sets)) {
		set := slices.Clone(sets[p])
		slices.Sort(set)
		docs[i] = setDoc{Ord: Ordinal(i%5, 1+i/5), Set: slices.Compact(set)}
	}
	return docs
}

// streamingDedup is the engine's rule with an LSH index: documents in
// ordinal order query the kept documents that share a band key with them
// and are removed in favour of the most similar one at or above the
// threshold (the first on ties), else kept and indexed.
func streamingDedup(docs []setDoc) []string {
	docs = slices.Clone(docs)
	slices.SortFunc(docs, func(a, b setDoc) int { return cmp.Compare(a.Ord, b.Ord) })
	index := map[uint64][]int{} // band key -> kept documents (positions in docs)
	var out []string
	for i, d := range docs {
		keys := bandKeys(testMinhash(d.Set), e2eRows)
		var cands []int
		for _, k := range keys {
			cands = append(cands, index[k]...)
		}
		slices.Sort(cands)
		best, bestSim := -1, 0.0
		for _, c := range slices.Compact(cands) {
			if s := jaccard(docs[c].Set, d.Set); s >= e2eThreshold && s > bestSim {
				best, bestSim = c, s
			}
		}
		if best >= 0 {
			out = append(out, formatRemoval(Removal{Doc: d.Ord, Kept: docs[best].Ord, Similarity: bestSim}))
			continue
		}
		for _, k := range keys {
			index[k] = append(index[k], i)
		}
	}
	slices.Sort(out)
	return out
}

// TestNearDuplicateChain checks that the distributed chain removes exactly
// the documents the streaming rule removes, in favour of the same kept
// documents, with the default candidate cap (the copies have more
// candidates: the earliest are kept) and without a cap.
func TestNearDuplicateChain(t *testing.T) {
	docs := setDocs(rand.New(rand.NewPCG(13, 14)))
	want := streamingDedup(docs)
	for _, o := range []CandidateOptions{{}, {MaxCandidates: 10, MaxBucket: 10}, {MaxCandidates: -1}} {
		t.Run(fmt.Sprintf("max-%d-%d", o.MaxCandidates, o.MaxBucket), func(t *testing.T) {
			p, s := beam.NewPipelineWithRoot()
			in := beam.CreateList(s, docs)
			pairs := Candidates(s, beam.ParDo(s, setDocBands, in), o)
			edges := beam.ParDo(s, &verifyFn{}, JoinPairs(s, pairs, beam.ParDo(s, setDocPayload, in)))
			collect(s, t.Name(), beam.ParDo(s, formatRemoval, Keep(s, edges, KeepOptions{})))
			pr, got := run(t, p, t.Name())
			if d := diff(got[0], want); d != "" {
				t.Errorf("removals differ from the streaming rule: %s", d)
			}
			capped := counter(pr.Metrics(), "capped_candidates")
			t.Logf("%d documents, %d removed, %d capped documents", len(docs), len(want), capped)
			if o.MaxCandidates >= 0 && capped == 0 {
				t.Errorf("capped_candidates = 0, want the copies'")
			}
		})
	}
}
