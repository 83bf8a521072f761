package pipeline

import (
	"context"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/filter"
)

// Pair is a candidate pair of document ordinals, A < B.
type Pair struct {
	A, B int64
}

// DefaultMaxBucket is the default of CandidateOptions.MaxBucket.
const DefaultMaxBucket = 100

// CandidateOptions configures Candidates. The zero value is the default.
type CandidateOptions struct {
	// MaxBucket is the largest bucket whose members are all paired with
	// each other: a bucket of n <= MaxBucket documents yields its
	// n(n-1)/2 pairs. A larger bucket yields only the n-1 pairs of a
	// star around its smallest ordinal, its first document. 0 means
	// DefaultMaxBucket.
	//
	// The star keeps the result of the keep rule for buckets of copies
	// (identical licences, templates, mirrored pages), the usual giant
	// buckets: each copy is verified against the first one, which is
	// kept, and removed. A chain a(0)-a(1)-... would not: a(2)'s only
	// kept partner would be missing, a(1) being removed. Members of a
	// giant bucket that are not near-duplicates of its first document
	// lose the pairs of that band; they still meet in the other bands,
	// where their buckets are small. The work of a giant bucket is linear
	// in its size, with memory for one ordinal at a time.
	MaxBucket int
}

func init() {
	register.Function3x0(explodeBands)
	register.DoFn6x0[context.Context, uint64, func(*int64) bool, func(Pair), func(uint64, int64), func(uint64, int64)](&bucketFn{})
	register.Function4x0(starPairs)
	register.Emitter1[Pair]()
	register.Emitter2[uint64, int64]()
	register.Iter1[int64]()
}

var (
	bucketSizes   = beam.NewDistribution("dedupe", "bucket_size")
	cappedBuckets = beam.NewCounter("dedupe", "capped_buckets")
	cappedMembers = beam.NewCounter("dedupe", "capped_bucket_members")
)

// Candidates returns the candidate pairs of documents that share a band
// key, each pair once (PCollection<Pair>), from a PCollection<KV<int64,
// []uint64>> of document ordinals and their band keys. Band keys must
// differ between bands (the band number is mixed into the hash) so that
// equal keys mean an equal band.
//
// One GroupByKey on band key makes the buckets; pairs repeated across
// bands are removed by a combine (filter.Distinct). Buckets larger than
// opts.MaxBucket become stars around their first document (see
// CandidateOptions), through a second, small CoGroupByKey that only they
// enter. Counters: capped_buckets and capped_bucket_members; the
// bucket_size distribution covers buckets of two documents or more.
func Candidates(s beam.Scope, docs beam.PCollection, opts CandidateOptions) beam.PCollection {
	s = s.Scope("Candidates")
	maxBucket := opts.MaxBucket
	if maxBucket <= 0 {
		maxBucket = DefaultMaxBucket
	}
	members := beam.ParDo(s, explodeBands, docs)
	buckets := beam.GroupByKey(s, members)
	pairs, giant, firsts := beam.ParDo3(s, &bucketFn{MaxBucket: maxBucket}, buckets)
	stars := beam.ParDo(s, starPairs, beam.CoGroupByKey(s, firsts, giant))
	return filter.Distinct(s, beam.Flatten(s, pairs, stars))
}

// explodeBands emits (band key, document) for each band of a document.
func explodeBands(ord int64, keys []uint64, emit func(uint64, int64)) {
	for _, k := range keys {
		emit(k, ord)
	}
}

// bucketFn pairs the members of a bucket of at most MaxBucket documents.
// A larger bucket is handed on to starPairs: all its members on the
// fourth output and its smallest member on the fifth, both keyed by the
// band key. The scratch slice holds at most MaxBucket ordinals.
type bucketFn struct {
	MaxBucket int `json:"maxBucket"`
	members   []int64
}

func (f *bucketFn) ProcessElement(ctx context.Context, key uint64, ords func(*int64) bool,
	emitPair func(Pair), emitGiant, emitFirst func(uint64, int64)) {
	f.members = f.members[:0]
	var ord int64
	n, first := 0, int64(0)
	for ords(&ord) {
		if n == 0 || ord < first {
			first = ord
		}
		n++
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
		cappedBuckets.Inc(ctx, 1)
		cappedMembers.Inc(ctx, int64(n))
		emitFirst(key, first)
		return
	}
	slices.Sort(f.members)
	ms := slices.Compact(f.members)
	for i, a := range ms {
		for _, b := range ms[i+1:] {
			emitPair(Pair{a, b})
		}
	}
}

// starPairs pairs every member of a giant bucket with its first one.
func starPairs(_ uint64, firsts, members func(*int64) bool, emit func(Pair)) {
	var first, ord int64
	if !firsts(&first) {
		return // cannot happen: bucketFn emits a first with every giant bucket
	}
	for members(&ord) {
		if ord != first {
			emit(Pair{first, ord})
		}
	}
}
