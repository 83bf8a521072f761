package pipeline

import (
	"context"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/neardup/dedupe"
)

// Pair is a candidate pair of document ordinals, A < B.
type Pair struct {
	A, B int64
}

// Defaults of CandidateOptions.
const (
	DefaultMaxCandidates = dedupe.MaxCandidates // 100, as dedupe clean
	DefaultMaxBucket     = 1000
)

// CandidateOptions configures Candidates. The zero value is the default.
type CandidateOptions struct {
	// MaxCandidates bounds the earlier documents a document is compared
	// with, as dedupe.MaxCandidates bounds them in dedupe clean: a
	// document with more candidates keeps the MaxCandidates earliest (in
	// ordinal order), which in a group of copies or templated pages are
	// the ones kept. 0 means DefaultMaxCandidates; negative means no bound
	// (quadratic in a giant bucket).
	MaxCandidates int
	// MaxBucket is the largest bucket paired on the worker that groups it,
	// holding its members in memory; a larger bucket goes through a second,
	// small CoGroupByKey with its MaxCandidates first members, with memory
	// for those only. It changes where the work is done, not the pairs.
	// 0 means DefaultMaxBucket; below MaxCandidates (when bounded) it is
	// raised to MaxCandidates, the members a giant bucket keeps. The
	// learning pass's own pairing always uses DefaultMaxBucket.
	MaxBucket int
}

func init() {
	register.Function3x0(explodeBands)
	register.DoFn6x0[context.Context, uint64, func(*int64) bool, func(Pair), func(uint64, int64), func(uint64, int64)](&bucketFn{})
	register.DoFn4x0[uint64, func(*int64) bool, func(*int64) bool, func(Pair)](&starPairsFn{})
	register.Function2x0(pairByB)
	register.DoFn4x0[context.Context, int64, func(*int64) bool, func(Pair)](&capPairsFn{})
	register.Emitter1[Pair]()
	register.Emitter2[uint64, int64]()
	register.Emitter2[int64, int64]()
	register.Iter1[int64]()
}

var (
	bucketSizes      = beam.NewDistribution("dedupe", "bucket_size")
	giantBuckets     = beam.NewCounter("dedupe", "giant_buckets")
	cappedCandidates = beam.NewCounter("dedupe", "capped_candidates")
)

// Candidates returns the candidate pairs of documents that share a band
// key (PCollection<Pair>), each pair once, from a PCollection<KV<int64,
// []uint64>> of document ordinals and their band keys (dedupe.Cleaner.BandKeys).
//
// The pairs are those of dedupe clean's LSH index, capped as it caps
// them: each document is paired with its MaxCandidates earliest
// candidates. Since the earliest candidates overall are among the earliest
// of each bucket, a bucket only pairs each member with the MaxCandidates
// first members before it: at most MaxCandidates pairs per member and
// band, linear in the bucket's size. A GroupByKey on the later document
// then removes the pairs repeated across bands and keeps the
// MaxCandidates earliest (the counter capped_candidates counts the
// documents that had more, dedupe's Stats.CappedCandidates).
func Candidates(s beam.Scope, docs beam.PCollection, opts CandidateOptions) beam.PCollection {
	s = s.Scope("Candidates")
	maxCand := opts.MaxCandidates
	if maxCand == 0 {
		maxCand = DefaultMaxCandidates
	}
	maxBucket := opts.MaxBucket
	if maxBucket <= 0 {
		maxBucket = DefaultMaxBucket
	}
	if maxCand > 0 && maxBucket < maxCand {
		maxBucket = maxCand
	}
	members := beam.ParDo(s, explodeBands, docs)
	buckets := beam.GroupByKey(s, members)
	pairs, giant, firsts := beam.ParDo3(s, &bucketFn{MaxBucket: maxBucket, MaxCand: maxCand}, buckets)
	stars := beam.ParDo(s, &starPairsFn{MaxCand: maxCand}, beam.CoGroupByKey(s, firsts, giant))
	byB := beam.ParDo(s, pairByB, beam.Flatten(s, pairs, stars))
	return beam.ParDo(s, &capPairsFn{MaxCand: maxCand}, beam.GroupByKey(s, byB))
}

// explodeBands emits (band key, document) for each band of a document.
func explodeBands(ord int64, keys []uint64, emit func(uint64, int64)) {
	for _, k := range keys {
		emit(k, ord)
	}
}

// bucketFn pairs the members of a bucket of at most MaxBucket documents.
// A larger bucket is handed on to starPairsFn: all its members on the
// fourth output and its MaxCand+1 smallest on the fifth, both keyed by
// the band key (the last one tells the members with more than MaxCand
// earlier members). The scratch holds at most MaxBucket ordinals.
type bucketFn struct {
	MaxBucket int `json:"maxBucket"`
	MaxCand   int `json:"maxCand"`
	members   []int64
	first     []int64
}

func (f *bucketFn) ProcessElement(ctx context.Context, key uint64, ords func(*int64) bool,
	emitPair func(Pair), emitGiant, emitFirst func(uint64, int64)) {
	f.members, f.first = f.members[:0], f.first[:0]
	var ord int64
	n := 0
	for ords(&ord) {
		n++
		f.first = smallest(f.first, ord, max(f.MaxCand+1, 0))
		switch {
		case n <= f.MaxBucket:
			f.members = append(f.members, ord)
		case n == f.MaxBucket+1: // the bucket is giant: hand it on
			for _, m := range f.members {
				emitGiant(key, m)
			}
			emitGiant(key, ord)
		default:
			emitGiant(key, ord)
		}
	}
	if n > 1 {
		bucketSizes.Update(ctx, int64(n))
	}
	if n > f.MaxBucket {
		giantBuckets.Inc(ctx, 1)
		for _, m := range f.first {
			emitFirst(key, m)
		}
		return
	}
	slices.Sort(f.members)
	ms := slices.Compact(f.members)
	for i, b := range ms {
		as := ms[:i]
		if f.MaxCand > 0 && i > f.MaxCand {
			emitPair(Pair{capped, b})
			as = as[:f.MaxCand]
		}
		for _, a := range as {
			emitPair(Pair{a, b})
		}
	}
}

// capped stands for the first document of a pair whose second document has
// more than MaxCandidates earlier documents in one bucket.
const capped = -1

// smallest adds ord to s, the sorted distinct smallest ordinals seen, and
// keeps the max smallest (all if max <= 0).
func smallest(s []int64, ord int64, max int) []int64 {
	i, found := slices.BinarySearch(s, ord)
	if found || max > 0 && i >= max {
		return s
	}
	s = slices.Insert(s, i, ord)
	if max > 0 && len(s) > max {
		s = s[:max]
	}
	return s
}

// starPairsFn pairs every member of a giant bucket with the first members
// before it.
type starPairsFn struct {
	MaxCand int `json:"maxCand"`
	first   []int64
}

func (f *starPairsFn) ProcessElement(_ uint64, firsts, members func(*int64) bool, emit func(Pair)) {
	f.first = f.first[:0]
	var ord int64
	for firsts(&ord) {
		f.first = append(f.first, ord)
	}
	slices.Sort(f.first)
	first := f.first
	if f.MaxCand > 0 && len(first) > f.MaxCand {
		first = first[:f.MaxCand]
	}
	for members(&ord) {
		if len(first) < len(f.first) && ord > f.first[len(first)] {
			emit(Pair{capped, ord})
		}
		for _, a := range first {
			if a >= ord {
				break
			}
			emit(Pair{a, ord})
		}
	}
}

// pairByB keys a pair by its later document.
func pairByB(p Pair, emit func(int64, int64)) { emit(p.B, p.A) }

// capPairsFn emits the distinct candidates of a document, the MaxCand
// earliest.
type capPairsFn struct {
	MaxCand int `json:"maxCand"`
	as      []int64
}

func (f *capPairsFn) ProcessElement(ctx context.Context, b int64, as func(*int64) bool, emit func(Pair)) {
	f.as = f.as[:0]
	var a int64
	for as(&a) {
		f.as = append(f.as, a)
	}
	slices.Sort(f.as)
	f.as = slices.Compact(f.as)
	isCapped := len(f.as) > 0 && f.as[0] == capped
	if isCapped {
		f.as = f.as[1:]
	}
	if f.MaxCand > 0 && len(f.as) > f.MaxCand {
		isCapped = true
		f.as = f.as[:f.MaxCand]
	}
	if isCapped {
		cappedCandidates.Inc(ctx, 1)
	}
	for _, a := range f.as {
		emit(Pair{a, b})
	}
}
