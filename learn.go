package dedupe

import (
	"context"
	"sync"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/shingle"
	"github.com/zeebo/xxh3"
)

// Learn reads src once and learns the boilerplate model of its sites, as
// the first pass of Clean does: pages that are near-duplicates of earlier
// pages (on their raw text, by signature estimate) are not learned, since
// copies of one article would otherwise make its paragraphs look like site
// furniture. The model does not depend on Options.Workers.
func Learn(ctx context.Context, src records.Source, opts Options) (*boiler.Model, error) {
	m, _, err := LearnWithStats(ctx, src, opts)
	return m, err
}

// LearnStats are the counts of a Learn run.
type LearnStats struct {
	Docs int64 // records read
	Bad  int64 // malformed records skipped (records.Files.SkipBad), not learned
}

// LearnWithStats is Learn, and returns the counts of the records it read too.
func LearnWithStats(ctx context.Context, src records.Source, opts Options) (*boiler.Model, LearnStats, error) {
	if src == nil {
		return nil, LearnStats{}, errNoSource
	}
	cfg, err := opts.check()
	if err != nil {
		return nil, LearnStats{}, err
	}
	l, err := cfg.learn(ctx, src, false)
	if err != nil {
		return nil, LearnStats{}, err
	}
	return l.model, LearnStats{Docs: int64(l.docs), Bad: l.bad}, nil
}

// learned is what the learning pass found.
type learned struct {
	model *boiler.Model
	docs  int        // records read, to presize the next pass's index
	bad   int64      // malformed records among them
	ids   *idSet     // the ids of the corpus
	pos   *positions // of the kept pages
	plan  *copyPlan  // the exact copies, when the clean pass uses them
	// unanalysed counts the exact copies the workers did not analyse
	// (seenTexts): how many depends on their timing.
	unanalysed int
}

// learnResult is what a worker of the learning pass computes for a page.
type learnResult struct {
	sig  minhash.Signature
	an   *boiler.PageAnalysis
	skip bool         // not learned: malformed or a near-duplicate
	big  bool         // the page is at least bigDoc bytes: its analysis is not recycled
	key  xxh3.Uint128 // copyKey, when l.plan is set
	copy bool         // not analysed: an exact copy of a page with a signature (seenTexts)
}

// learn reads src once and learns the boilerplate model. Learning runs
// after the ordered de-duplication, on one Learner per worker: merging
// their models gives the model of the learned pages whatever the split,
// so the result does not depend on the number of workers.
//
// The workers tokenise each page once, for both uses: boiler.PageAnalysis
// gives the fragment keys the Learner counts and the page's word hashes,
// whose k-word shingles (shingle.Shingler.AppendShingles) make the MinHash
// signature of this pass (signing the text with the shingle package
// instead tokenised every page a second time: 8% of the CPU time of
// clean). These words are boiler's tokens, not those of Options.Shingle,
// which only matter for the documents' final comparison. With findCopies,
// it also finds the exact copies (copies.go).
func (c *config) learn(ctx context.Context, src records.Source, findCopies bool) (*learned, error) {
	j := c.Workers
	learners := make([]*boiler.Learner, j)
	for i := range learners {
		learners[i] = new(boiler.Learner)
	}
	// Pages are de-duplicated for learning even with NoDedup: the model
	// must not depend on whether copies are removed afterwards.
	idx, err := c.newIndex()
	if err != nil {
		return nil, err
	}
	dd := &estimateDedup{idx: idx}
	an := newAnalyzers(c, j)
	learnc, endLearners := startLearners(learners, an.free)
	l := &learned{ids: newIDSet(), pos: &positions{}}
	var seen *seenTexts
	if findCopies {
		l.plan = newCopyPlan()
		seen = newSeenTexts()
	}
	total := sourceSize(src)
	p := &pipeline[*records.Record, learnResult]{
		j: j, size: recordSize, read: src.Each, maxDocs: c.batchDocs,
		work: func(w int, d *records.Record, r *learnResult) {
			if seen == nil || d.Bad != "" {
				an.analyze(w, d, r)
				return
			}
			r.key = copyKey(d)
			if r.copy = seen.met(r.key, d); !r.copy {
				an.analyze(w, d, r)
				seen.signed(r.key, d.Ord, r.sig != nil)
			}
		},
	}
	prog := c.progress("learn")
	p.reduce = func(b *batch[*records.Record, learnResult]) error {
		if b.seq == 0 {
			idx.Grow(expectDocs(0, total, len(b.docs), b.bytes))
		}
		l.docs += len(b.docs)
		if err := l.dedup(dd, b); err != nil {
			return err
		}
		prog(len(b.docs), b.bytes)
		learnc <- b
		return nil
	}
	err = func() error {
		defer endLearners() // also when run panics
		return p.run(ctx)
	}()
	if err != nil {
		return nil, err
	}
	l.model = boiler.MergeLearners(learners)
	l.ids.freeze()
	if l.plan != nil {
		l.plan.done()
	}
	return l, nil
}

// startLearners starts a goroutine per learner that adds to it the
// batches sent on learnc (addLearned). end closes learnc and returns when
// the goroutines are done; if one panicked, end raises its panic again.
// A learner that panicked takes no more batches, but the others go on, so
// that the sender is never blocked.
func startLearners(learners []*boiler.Learner, free chan *boiler.PageAnalysis) (learnc chan<- *batch[*records.Record, learnResult], end func()) {
	c := make(chan *batch[*records.Record, learnResult], len(learners))
	crashes := make([]*WorkerPanic, len(learners))
	var wg sync.WaitGroup
	for w, l := range learners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range c {
				if crashes[w] == nil {
					crashes[w] = catch(func() { addLearned(l, b, free) })
				}
			}
		}()
	}
	return c, func() {
		close(c)
		wg.Wait()
		for _, p := range crashes {
			if p != nil {
				panic(p)
			}
		}
	}
}

// analyzers tokenise pages for learning on the workers of the learning
// pass.
type analyzers struct {
	scr    []analyzeScratch
	hasher *minhash.Hasher
	// Analyses are recycled through a free list rather than a sync.Pool,
	// which the garbage collector empties: their buffers would regrow.
	free chan *boiler.PageAnalysis
}

type analyzeScratch struct {
	an       *boiler.PageAnalysis // the page's full analysis (see analyze)
	spans    []shingle.Span
	paras    []string
	shingles []uint64
	sh       *shingle.Shingler
}

func newAnalyzeScratch(so shingle.Options) analyzeScratch {
	return analyzeScratch{an: new(boiler.PageAnalysis), sh: shingle.New(so)}
}

func newAnalyzers(c *config, j int) *analyzers {
	a := &analyzers{scr: make([]analyzeScratch, j), hasher: minhash.New(c.mo), free: make(chan *boiler.PageAnalysis, 4096)}
	for i := range a.scr {
		a.scr[i] = newAnalyzeScratch(shingle.Options{K: c.so.K})
	}
	return a
}

// analyze tokenises page d on worker w and signs it. The full analysis,
// word hashes included, stays in the worker's scratch; the result carries
// a compact copy for the learner (see boiler.PageAnalysis.CompactTo). When
// each analysis in flight held the page's words, every one of the
// thousands recycled grew to the largest pages it met: on the first
// 20,000 documents of the README's documentation corpus their words took
// 773 MB of the 5.0 GB that clean allocated; the workers' analyses and
// the compact copies now take 304 and 163 MB.
func (a *analyzers) analyze(w int, d *records.Record, r *learnResult) {
	if d.Bad != "" {
		return
	}
	s := &a.scr[w]
	s.spans, s.paras = pageParagraphs(s.spans, s.paras, d.Text)
	s.an.Analyze(boiler.Page{Site: d.Site, Paragraphs: s.paras})
	clear(s.paras) // no references to the text kept in scratch
	s.shingles = s.sh.AppendShingles(s.shingles[:0], s.an.Words())
	if len(s.shingles) > 0 {
		r.sig = a.hasher.Append(make(minhash.Signature, 0, a.hasher.K()), s.shingles)
	}
	select {
	case r.an = <-a.free:
	default:
		r.an = new(boiler.PageAnalysis)
	}
	s.an.CompactTo(r.an)
	if r.big = len(d.Text) >= bigDoc; r.big {
		// scratch grown for one page that few others need (see bigDoc)
		*s = newAnalyzeScratch(s.sh.Options())
	}
}

// dedup marks the pages of b that are near-duplicates of earlier pages.
func (l *learned) dedup(dd *estimateDedup, b *batch[*records.Record, learnResult]) error {
	for i, d := range b.docs {
		r := &b.res[i]
		l.ids.collect(d.ID)
		if d.Bad != "" {
			r.skip = true
			l.bad++
			continue
		}
		if l.plan != nil {
			l.plan.add(d.Ord, d.Size, r.key)
		}
		if r.copy {
			r.skip = true // a near-duplicate of an earlier page (see seenTexts)
			l.unanalysed++
			continue
		}
		if r.sig == nil {
			continue
		}
		_, dup, err := dd.offer(d.ID, l.pos.of(d.File, d.Line), r.sig)
		if err != nil {
			return err
		}
		if dup {
			r.skip = true
		}
		r.sig = nil
	}
	return nil
}

// addLearned learns the pages of b not marked skip, and recycles their
// analyses.
func addLearned(l *boiler.Learner, b *batch[*records.Record, learnResult], free chan *boiler.PageAnalysis) {
	for i := range b.docs {
		r := &b.res[i]
		if r.an == nil {
			continue
		}
		if !r.skip {
			l.Add(r.an)
		}
		if !r.big {
			select {
			case free <- r.an:
			default:
			}
		}
		r.an = nil
	}
}

func recordSize(r *records.Record) int { return r.Size }

// expectDocs returns the number of documents to presize an index with
// (lsh.Index.Grow) when the first batch of a pass (docs documents, bytes
// long) arrives: the count of the learning pass if there was one (learned
// > 0), else as many as the batch's average size promises for the total
// input size, up to a million (the band tables of a million documents take
// about 100 MB; beyond, they grow as they fill); 0 when the size is
// unknown.
func expectDocs(learned int, total int64, docs int, bytes int64) int {
	if learned > 0 {
		return learned
	}
	if total <= 0 || bytes <= 0 {
		return 0
	}
	return int(min(total*int64(docs)/bytes, 1<<20))
}

// sourceSize returns the input size of src if it knows it (records.Files
// of uncompressed files), else 0.
func sourceSize(src records.Source) int64 {
	if s, ok := src.(interface{ Size() int64 }); ok {
		return s.Size()
	}
	return 0
}

// progress returns the function that reports the progress of a pass.
func (c *config) progress(pass string) func(docs int, bytes int64) {
	if c.Progress == nil {
		return func(int, int64) {}
	}
	var p Progress
	p.Pass = pass
	return func(docs int, bytes int64) {
		p.Docs += int64(docs)
		p.Bytes += bytes
		c.Progress(p)
	}
}
