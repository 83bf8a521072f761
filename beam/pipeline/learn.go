package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/zeebo/xxh3"

	"github.com/neardup/dedupe"
	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
)

// sigMember is a page's learning signature, grouped by its hash.
type sigMember struct {
	Ord int64
	Sig []uint32
}

func init() {
	register.DoFn3x1[context.Context, ShardFile, func(uint64, sigMember), error](&learnSigFn{})
	register.Function4x0(firstSignatures)
	register.DoFn3x1[int64, []byte, func(int64, []uint64), error](&bandKeysFn{})
	register.DoFn2x0[PairPayloads, func(Edge)](&estimateFn{})
	register.Function2x0(removedDoc)
	register.Function2x0(skipByShard)
	register.Function1x2(fileByIndex)
	register.DoFn5x1[context.Context, int, func(*ShardFile) bool, func(*int64) bool, func([]byte), error](&learnFileFn{})
	register.Combiner3[[]byte, []byte, []byte](&mergeModelsFn{})
	register.Emitter2[uint64, sigMember]()
	register.Emitter2[int64, []uint64]()
	register.Emitter2[int, int64]()
	register.Emitter1[int64]()
	register.Emitter1[[]byte]()
	register.Iter1[sigMember]()
	register.Iter1[ShardFile]()
}

var learnedPages = beam.NewCounter("dedupe", "learn_pages")
var learnSkipped = beam.NewCounter("dedupe", "learn_skipped_near_duplicates")

// LearnModel learns the boilerplate model of the sites of files
// (PCollection<ShardFile>) as dedupe.Learn does, and returns it as a
// PCollection<[]byte> of one element, its binary encoding.
//
// Pages that are near-duplicates of earlier pages on their raw text are
// kept out of learning by the engine's rule (dedupe.PageAnalyzer): the
// learning signatures are grouped by hash (a page with the signature of an
// earlier page is always skipped: the earlier one, or the page it
// duplicates, is a kept page it matches at estimate 1), the others go
// through Candidates, the estimate at the threshold, and Keep. The skipped
// lines are then grouped by input file and each file is learned by one
// boiler.Learner; the files' models are merged (boiler.Model.Merge is
// commutative: the model is Learn's byte for byte).
func LearnModel(s beam.Scope, files beam.PCollection, opts Options) beam.PCollection {
	s = s.Scope("Learn")
	sigs := beam.ParDo(s, &learnSigFn{Opts: opts}, files)
	reps, copies := beam.ParDo2(s, firstSignatures, beam.GroupByKey(s, sigs))
	bands := beam.ParDo(s, &bandKeysFn{Opts: opts}, reps)
	lc := opts.LearnCandidates
	if lc.MaxCandidates == 0 {
		lc.MaxCandidates = -1
	}
	pairs := Candidates(s, bands, lc)
	edges := beam.ParDo(s, &estimateFn{Threshold: threshold(opts)}, JoinPairs(s, pairs, reps))
	removed := beam.ParDo(s, removedDoc, Keep(s, edges, opts.Keep))
	skip := beam.ParDo(s, skipByShard, beam.Flatten(s, copies, removed))
	keyed := beam.ParDo(s, fileByIndex, files)
	models := beam.ParDo(s, &learnFileFn{Opts: opts}, beam.CoGroupByKey(s, keyed, skip))
	return beam.Combine(s, &mergeModelsFn{}, models)
}

// threshold returns the near-duplicate threshold of opts.
func threshold(opts Options) float64 {
	if opts.Threshold == 0 {
		return dedupe.DefaultThreshold
	}
	return opts.Threshold
}

// learnSigFn emits the learning signature of each page of a file, keyed by
// its hash.
type learnSigFn struct {
	Opts Options `json:"opts"`
}

func (f *learnSigFn) ProcessElement(ctx context.Context, file ShardFile, emit func(uint64, sigMember)) error {
	pa, err := dedupe.NewPageAnalyzer(f.Opts.engine())
	if err != nil {
		return err
	}
	var buf []byte
	return f.Opts.Input.each(ctx, file, func(ord int64, r *records.Record) error {
		_, sig := pa.Analyze(r)
		if sig != nil {
			buf = appendSig(buf[:0], sig)
			emit(xxh3.Hash(buf), sigMember{Ord: ord, Sig: sig})
		}
		return nil
	})
}

// firstSignatures emits, of the pages with one signature hash, those with
// a signature no earlier page has (with the signature as payload) and the
// ordinals of the others, which learning skips.
func firstSignatures(_ uint64, members func(*sigMember) bool, reps func(int64, []byte), copies func(int64)) {
	var ms []sigMember
	var m sigMember
	for members(&m) {
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b sigMember) int { return cmp.Compare(a.Ord, b.Ord) })
	var firsts []sigMember
	for _, m := range ms {
		if slices.ContainsFunc(firsts, func(f sigMember) bool { return slices.Equal(f.Sig, m.Sig) }) {
			copies(m.Ord)
			continue
		}
		firsts = append(firsts, m)
		reps(m.Ord, appendSig(nil, m.Sig))
	}
}

// bandKeysFn emits the band keys of a signature payload (appendSig, or
// appendPayload when Full).
type bandKeysFn struct {
	Opts Options `json:"opts"`
	Full bool    `json:"full"`
	cl   *dedupe.Cleaner
	p    payload
}

func (f *bandKeysFn) ProcessElement(ord int64, b []byte, emit func(int64, []uint64)) error {
	if f.cl == nil {
		var err error
		if f.cl, err = f.Opts.cleaner(nil); err != nil {
			return err
		}
	}
	if f.Full {
		if err := decodePayload(b, &f.p); err != nil {
			return err
		}
	} else {
		f.p.sig = decodeSig(f.p.sig, b)
	}
	emit(ord, f.cl.BandKeys(nil, f.p.sig))
	return nil
}

// estimateFn makes an edge of a pair of learning signatures whose estimate
// is at least the threshold.
type estimateFn struct {
	Threshold float64 `json:"threshold"`
	a, b      minhash.Signature
}

func (f *estimateFn) ProcessElement(p PairPayloads, emit func(Edge)) {
	f.a, f.b = decodeSig(f.a, p.PayloadA), decodeSig(f.b, p.PayloadB)
	if s := minhash.Similarity(f.a, f.b); s >= f.Threshold {
		emit(Edge{A: p.A, B: p.B, Similarity: s})
	}
}

func removedDoc(r Removal, emit func(int64)) { emit(r.Doc) }

func skipByShard(ord int64, emit func(int, int64)) {
	shard, line := SplitOrdinal(ord)
	emit(shard, int64(line))
}

func fileByIndex(f ShardFile) (int, ShardFile) { return f.Index, f }

// learnFileFn learns the pages of one file, but the skipped lines, and
// emits the encoding of its model.
type learnFileFn struct {
	Opts Options `json:"opts"`
}

func (f *learnFileFn) ProcessElement(ctx context.Context, _ int, files func(*ShardFile) bool, skips func(*int64) bool, emit func([]byte)) error {
	var file ShardFile
	if !files(&file) {
		return fmt.Errorf("pipeline: learning: lines skipped in a file not read")
	}
	skip := map[int]bool{}
	var line int64
	for skips(&line) {
		skip[int(line)] = true
	}
	learnSkipped.Inc(ctx, int64(len(skip)))
	pa, err := dedupe.NewPageAnalyzer(f.Opts.engine())
	if err != nil {
		return err
	}
	var l boiler.Learner
	var n int64
	err = f.Opts.Input.each(ctx, file, func(ord int64, r *records.Record) error {
		an, _ := pa.Analyze(r)
		if _, line := SplitOrdinal(ord); an != nil && !skip[line] {
			l.Add(an)
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	learnedPages.Inc(ctx, n)
	b, err := l.AppendModel(nil)
	if err != nil {
		return err
	}
	emit(b)
	return nil
}

// mergeModelsFn merges encoded models.
type mergeModelsFn struct{}

func (mergeModelsFn) CreateAccumulator() []byte { return nil }

func (mergeModelsFn) AddInput(a, b []byte) ([]byte, error) { return mergeModels(a, b) }

func (mergeModelsFn) MergeAccumulators(a, b []byte) ([]byte, error) { return mergeModels(a, b) }

func (mergeModelsFn) ExtractOutput(a []byte) []byte { return a }

func mergeModels(a, b []byte) ([]byte, error) {
	if len(a) == 0 {
		return b, nil
	}
	if len(b) == 0 {
		return a, nil
	}
	m, err := boiler.MergeBinary(nil, a, b)
	if err != nil {
		return nil, fmt.Errorf("pipeline: boilerplate model: %w", err)
	}
	return m, nil
}
