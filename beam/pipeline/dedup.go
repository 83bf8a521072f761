package pipeline

import (
	"cmp"
	"context"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// copyOf is a document whose cleaned text and signature are those of an
// earlier document, its representative: it shares its fate.
type copyOf struct {
	Ord   int64
	ID    string
	RepID string
}

func init() {
	register.DoFn5x1[uint64, func(*Member) bool, func(int64, []uint64), func(int64, copyOf), func(DocEvent), error](&copiesFn{})
	register.DoFn3x1[context.Context, PairPayloads, func(Edge), error](&exactEdgeFn{})
	register.Function1x2(removalByDoc)
	register.Function4x0(fates)
	register.Emitter2[int64, copyOf]()
	register.Emitter2[int64, Removal]()
	register.Iter1[Member]()
	register.Iter1[copyOf]()
	register.Iter1[Removal]()
}

var pairsCompared = beam.NewCounter("dedupe", "pairs_compared")

// Dedup decides the near-duplicates among the cleaned documents, as the
// exact verification of dedupe clean does (its exact.go), from members
// (PCollection<KV<uint64,Member>> keyed by the hash of the cleaned text)
// and payloads (PCollection<KV<int64,[]byte>>, see appendPayload, for the
// documents with a signature). It returns the removals as
// PCollection<DocEvent>:
//
//   - documents without shingles whose text is identical to an earlier
//     one's are removed as its copies (reason "identical text");
//   - documents whose text and signature are those of an earlier document
//     (its representative) are not compared: they share its fate, removed
//     as its copy if it is kept, else in favour of the document it
//     duplicates (reason "identical to an earlier near-duplicate");
//   - representatives are paired by Candidates, verified by the exact
//     Jaccard similarity of their shingle sets (dedupe.Cleaner.ShingleSet)
//     at the threshold, and decided by Keep: removed when at least the
//     threshold similar to an earlier kept document, logged against the
//     most similar (the first on ties).
func Dedup(s beam.Scope, members, payloads beam.PCollection, opts Options) beam.PCollection {
	s = s.Scope("Dedup")
	bands, copies, identical := beam.ParDo3(s, &copiesFn{Opts: opts}, beam.GroupByKey(s, members))
	pairs := Candidates(s, bands, opts.Candidates)
	edges := beam.ParDo(s, &exactEdgeFn{Opts: opts}, JoinPairs(s, pairs, payloads))
	removals := beam.ParDo(s, removalByDoc, Keep(s, edges, opts.Keep))
	shared := beam.ParDo(s, fates, beam.CoGroupByKey(s, removals, copies))
	return beam.Flatten(s, identical, shared)
}

// copiesFn splits the documents of one text hash: the band keys of the
// representatives, the copies keyed by their representative, and the
// removals of the identical documents without shingles.
type copiesFn struct {
	Opts Options `json:"opts"`
	cl   *dedupe.Cleaner
	ms   []Member
}

func (f *copiesFn) ProcessElement(_ uint64, members func(*Member) bool, bands func(int64, []uint64),
	copies func(int64, copyOf), identical func(DocEvent)) error {
	if f.cl == nil {
		var err error
		if f.cl, err = f.Opts.cleaner(nil); err != nil {
			return err
		}
	}
	f.ms = f.ms[:0]
	var m Member
	for members(&m) {
		f.ms = append(f.ms, m)
	}
	slices.SortFunc(f.ms, func(a, b Member) int { return cmp.Compare(a.Ord, b.Ord) })
	var first, firstNoSig *Member
	var noSig []*Member // the first document without shingles of each length
	for i := range f.ms {
		m := &f.ms[i]
		switch {
		case m.Sig == nil:
			k := slices.IndexFunc(noSig, func(o *Member) bool { return o.Len == m.Len })
			if k < 0 {
				noSig = append(noSig, m)
				continue
			}
			firstNoSig = noSig[k]
			identical(DocEvent{Ord: m.Ord, ID: m.ID, Why: dedupe.WhyNearDuplicate, Reason: "identical text",
				Kept: firstNoSig.Ord, KeptID: firstNoSig.ID, HasKept: true, Similarity: 1, Removes: true, Incremental: true})
		case first != nil && slices.Equal(m.Sig, first.Sig):
			copies(first.Ord, copyOf{Ord: m.Ord, ID: m.ID, RepID: first.ID})
		default:
			if first == nil {
				first = m
			}
			bands(m.Ord, f.cl.BandKeys(nil, m.Sig))
		}
	}
	return nil
}

// exactEdgeFn makes an edge of a candidate pair whose shingle sets are at
// least the threshold similar.
type exactEdgeFn struct {
	Opts   Options `json:"opts"`
	cl     *dedupe.Cleaner
	pa, pb payload
	sa, sb []uint64
}

func (f *exactEdgeFn) ProcessElement(ctx context.Context, p PairPayloads, emit func(Edge)) error {
	if f.cl == nil {
		var err error
		if f.cl, err = f.Opts.cleaner(nil); err != nil {
			return err
		}
	}
	if err := decodePayload(p.PayloadA, &f.pa); err != nil {
		return err
	}
	if err := decodePayload(p.PayloadB, &f.pb); err != nil {
		return err
	}
	f.sa = f.cl.ShingleSet(f.sa[:0], f.pa.text)
	f.sb = f.cl.ShingleSet(f.sb[:0], f.pb.text)
	pairsCompared.Inc(ctx, 1)
	if j := shingle.Jaccard(f.sa, f.sb); j >= threshold(f.Opts) {
		emit(Edge{A: p.A, B: p.B, Similarity: j, Estimate: minhash.Similarity(f.pa.sig, f.pb.sig), IDA: f.pa.id, IDB: f.pb.id})
	}
	return nil
}

func removalByDoc(r Removal) (int64, Removal) { return r.Doc, r }

// fates logs a removed representative and the copies of a representative.
func fates(rep int64, removals func(*Removal) bool, copies func(*copyOf) bool, emit func(DocEvent)) {
	var r Removal
	removed := removals(&r)
	if removed {
		emit(DocEvent{Ord: rep, ID: r.DocID, Why: dedupe.WhyNearDuplicate, Kept: r.Kept, KeptID: r.KeptID, HasKept: true,
			Similarity: r.Similarity, Estimate: r.Estimate, HasEstimate: true, Removes: true})
	}
	var c copyOf
	for copies(&c) {
		e := DocEvent{Ord: c.Ord, ID: c.ID, Why: dedupe.WhyNearDuplicate, Kept: rep, KeptID: c.RepID, HasKept: true,
			Similarity: 1, Estimate: 1, HasEstimate: true, Reason: "identical text", Removes: true}
		if removed {
			e.Kept, e.KeptID, e.Similarity, e.Estimate = r.Kept, r.KeptID, r.Similarity, r.Estimate
			e.Reason = "identical to an earlier near-duplicate"
		}
		emit(e)
	}
}
