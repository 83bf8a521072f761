package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/repeats"
	"github.com/neardup/dedupe/shingle"
)

// runFlags are the flags of every command that runs the pipeline.
type runFlags struct {
	j          int
	quiet      bool
	cpuprofile string
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.j, "j", runtime.NumCPU(), "`N` worker goroutines")
	fs.BoolVar(&f.quiet, "q", false, "no progress bar or summary on stderr")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile to `FILE`")
}

// profile starts the CPU profile if asked for and returns the function that
// stops it.
func (f *runFlags) profile() (stop func(), err error) {
	if f.cpuprofile == "" {
		return func() {}, nil
	}
	fh, err := os.Create(f.cpuprofile)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(fh); err != nil {
		fh.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); fh.Close() }, nil
}

// passLabel labels the CPU profile samples of the calling goroutine, and of
// the goroutines it starts from now on, with the pass of the run
// (go tool pprof -tagfocus pass=clean).
func passLabel(pass string) {
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("pass", pass)))
}

// cleanConfig is everything clean needs, from its flags.
type cleanConfig struct {
	in  inputFlags
	sim simFlags
	rep repeatFlags
	run runFlags

	out, log                   string
	noRepeats, noBoiler, noDup bool
	verify                     verifyFlag
	model                      string // strip: a saved model instead of learning

	// report, when not nil, receives what was found (for the demo).
	report *demoReport
	// learned is the number of documents read by the learning pass; the
	// next pass presizes its index with it.
	learned int
}

func runClean(args []string) error {
	var c cleanConfig
	fs := newFlagSet("clean")
	c.register(fs)
	fs.StringVar(&c.model, "model", "", "use the boilerplate model in `FILE` instead of learning one")
	inputs, err := parseFlags(fs, args)
	if err == errHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if c.out == "" {
		return usagef("clean: missing -o OUT")
	}
	stop, err := c.run.profile()
	if err != nil {
		return err
	}
	defer stop()
	if len(inputs) == 0 {
		return usagef("clean: no INPUT")
	}
	return c.clean(inputs)
}

func (c *cleanConfig) register(fs *flag.FlagSet) {
	c.in.register(fs)
	c.sim.register(fs)
	c.rep.register(fs)
	c.run.register(fs)
	fs.StringVar(&c.out, "o", "", "write the cleaned corpus to `OUT` (- for stdout)")
	fs.StringVar(&c.log, "log", "", "write the removal log to `PATH` (default OUT.removed.jsonl)")
	fs.BoolVar(&c.noRepeats, "no-repeats", false, "keep paragraphs repeated inside a document")
	fs.BoolVar(&c.noBoiler, "no-boiler", false, "keep site boilerplate")
	fs.BoolVar(&c.noDup, "no-dedup", false, "keep near-duplicate documents")
	c.verify.register(fs)
}

// cleanResult is what the parallel stage computes for one document.
type cleanResult struct {
	text    []byte      // the cleaned text
	removed []logRecord // removed paragraphs
	sig     minhash.Signature
	empty   bool // every paragraph was removed

	hash     uint64 // of text, for exact verification: identical texts are copies
	line     []byte // the output record
	textSpan span   // the text's JSON string in line
	parlog   []byte // the removed paragraphs' log records

	repeatBytes, boilerBytes int64
	repeatTime, boilerTime   time.Duration
	signTime                 time.Duration
}

// cleanWorker is the per-goroutine scratch of the clean pipeline.
type cleanWorker struct {
	signer *signer
	rep    *repeats.Finder
	spans  []shingle.Span
	drop   []bool
	paras  []string
	idx    []int
	labels []boiler.Paragraph
	// removed collects the removed paragraphs of one document; they are
	// copied to cleanResult.removed only for the demo report.
	removed []logRecord
}

func (c *cleanConfig) clean(inputs []string) error {
	so, mo, err := c.sim.options()
	if err != nil {
		return err
	}
	if err := c.rep.check(); err != nil {
		return err
	}
	if c.run.j < 1 {
		return usagef("-j must be at least 1")
	}
	logPath := c.log
	if logPath == "" {
		if c.out == "-" {
			return usagef("clean: -o - needs -log PATH")
		}
		logPath = c.out + ".removed.jsonl"
	}
	if logPath == c.out {
		return usagef("clean: -log and -o name the same file")
	}
	c.in.forbid(c.out)
	c.in.forbid(logPath)
	if !c.noBoiler && c.model == "" {
		var cleanup func()
		if inputs, cleanup, err = c.in.spoolStdin(inputs); err != nil {
			return err
		}
		defer cleanup()
	}
	st := newStats()
	total := inputSize(inputs)

	// The outputs are created first, so that a bad output path fails
	// before a long first pass.
	out, err := createOutput(c.out)
	if err != nil {
		return err
	}
	defer out.Abort()
	lg, err := createOutput(logPath)
	if err != nil {
		return err
	}
	defer lg.Abort()

	// Pass 1: learn the boilerplate model.
	var model *boiler.Model
	var rawDups map[int]rawDup
	switch {
	case c.noBoiler:
	case c.model != "":
		if model, err = loadModel(c.model); err != nil {
			return err
		}
	default:
		t0 := time.Now()
		passLabel("learn")
		model, rawDups, err = c.learn(inputs, so, mo, total)
		if err != nil {
			return err
		}
		if c.noDup || c.verify.exact() {
			// Found only to keep copies out of learning: with exact
			// verification every removal is verified on the stripped text.
			rawDups = nil
		}
		st.step("learn boilerplate", time.Since(t0), 0)
	}
	var labeler *boilerLabeler
	if model != nil {
		labeler = newBoilerLabeler(model)
		labeler.prepare(c.run.j)
	}

	// Pass 2: repeats, stripping, signatures in parallel; de-duplication and
	// writing in input order.

	if !c.noDup && c.verify.exact() {
		return c.cleanExact(inputs, so, mo, labeler, st, total, out, lg)
	}
	var idx *lsh.Index
	if !c.noDup {
		if idx, err = newIndex(&c.sim, mo); err != nil {
			return err
		}
	}
	var kept []string // string ids of the indexed documents
	workers := make([]*cleanWorker, c.run.j)
	for w := range workers {
		workers[w] = &cleanWorker{signer: newSigner(so, mo), rep: c.rep.finder(so)}
	}
	label := "pass 2/2"
	if c.noBoiler || c.model != "" {
		label = "pass 1/1"
	}
	prog := startProgress(!c.quiet(), label, total)
	passLabel("clean")
	t0 := time.Now()
	var buf []byte
	var matches []lsh.Match
	var dedupTime time.Duration
	err = pipeline(c.run.j, func(emit func(*record) error) error {
		return c.in.readInputs(inputs, emit)
	}, func(w int, d *record, r *cleanResult) {
		if _, dup := rawDups[d.ord]; d.bad != "" || dup {
			return
		}
		workers[w].clean(c, labeler, w, d, r)
	}, func(b *batch[cleanResult]) error {
		if idx != nil && b.seq == 0 {
			idx.Grow(c.expectDocs(total, len(b.docs), b.bytes))
		}
		buf = buf[:0]
		lbuf := make([]byte, 0, 1024)
		for i, d := range b.docs {
			r := &b.res[i]
			st.docsIn++
			st.bytesIn += int64(d.size)
			if d.bad != "" {
				st.bad++
				lr := logRecord{id: d.id, what: "record", why: "malformed", reason: d.bad, src: d.src, line: d.line, paragraph: -1}
				lbuf = lr.appendJSON(lbuf)
				continue
			}
			if rd, ok := rawDups[d.ord]; ok {
				st.dupDocs++
				st.dupBytes += int64(len(d.text))
				lr := logRecord{id: d.id, what: "document", why: "near-duplicate", similarity: rd.sim, kept: rd.kept,
					reason: "before stripping", paragraph: -1}
				lbuf = lr.appendJSON(lbuf)
				if c.report != nil {
					c.report.addDup(rd.kept, d.id, rd.sim)
				}
				continue
			}
			st.repeatBytes += r.repeatBytes
			st.boilerBytes += r.boilerBytes
			st.repeatTime += r.repeatTime
			st.boilerTime += r.boilerTime
			st.signTime += r.signTime
			// Paragraph records are logged for documents that stay (and
			// for those left empty, to say why); a document removed as a
			// near-duplicate is logged whole.
			paras := func() { lbuf = append(lbuf, r.parlog...) }
			if r.empty {
				paras()
				st.emptyDocs++
				lr := logRecord{id: d.id, what: "document", why: "empty", reason: "every paragraph was removed", paragraph: -1}
				lbuf = lr.appendJSON(lbuf)
				continue
			}
			if idx != nil && r.sig != nil {
				td := time.Now()
				matches = idx.Query(matches[:0], r.sig, 0, nil)
				if len(matches) > 0 {
					best := bestMatch(matches)
					st.dupDocs++
					st.dupBytes += int64(len(r.text))
					lr := logRecord{id: d.id, what: "document", why: "near-duplicate", similarity: best.Similarity, kept: kept[best.ID], paragraph: -1}
					lbuf = lr.appendJSON(lbuf)
					if c.report != nil {
						c.report.addDup(kept[best.ID], d.id, best.Similarity)
					}
					dedupTime += time.Since(td)
					continue
				}
				if len(kept) > lsh.MaxID {
					return fmt.Errorf("more than %d documents", lsh.MaxID)
				}
				if err := idx.Add(uint32(len(kept)), r.sig); err != nil {
					return err
				}
				kept = append(kept, d.id)
				dedupTime += time.Since(td)
			}
			paras()
			st.docsOut++
			buf = append(buf, r.line...)
		}
		prog.add(int64(len(b.docs)), b.bytes)
		if _, err := out.Write(buf); err != nil {
			return err
		}
		if c.report != nil {
			c.report.addRemoved(b)
		}
		_, err := lg.Write(lbuf)
		return err
	})
	prog.stop()
	if err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if err := lg.Commit(); err != nil {
		return err
	}
	st.pass2 = time.Since(t0)
	st.dedupTime = dedupTime
	st.indexed = len(kept)
	if !c.quiet() {
		st.print(stderr, c)
	}
	if c.report != nil {
		c.report.stats = st
	}
	return nil
}

func (c *cleanConfig) quiet() bool { return c.run.quiet || c.report != nil }

// A rawDup is a document found in pass 1 to be a near-duplicate of an
// earlier document before any stripping.
type rawDup struct {
	kept string
	sim  float64
}

// learn reads the inputs once and learns the boilerplate model. Pages that
// are near-duplicates of earlier pages (on their raw text) are not learned,
// since copies of one article would otherwise make its paragraphs look like
// site furniture; they are returned in dups, by input position, and removed
// in pass 2 without more work. Learning runs after the ordered
// de-duplication, on one Learner per worker: merging their models gives the
// model of the learned pages whatever the split, so the result does not
// depend on -j.
//
// The workers tokenise each page once, for both uses: boiler.PageAnalysis
// gives the fragment keys the Learner counts and the page's word hashes,
// whose k-word shingles make the MinHash signature of this pass (signing
// with the shingle package instead tokenised every page a second time: 8%
// of the CPU time of clean). These words are boiler's tokens, not those of
// -normalize, which only matter for the documents' final comparison.
func (c *cleanConfig) learn(inputs []string, so shingle.Options, mo minhash.Options, total int64) (*boiler.Model, map[int]rawDup, error) {
	j := c.run.j
	learners := make([]*boiler.Learner, j)
	for i := range learners {
		learners[i] = new(boiler.Learner)
	}
	var idx *lsh.Index
	var err error
	var kept []string
	dups := map[int]rawDup{}
	// Pages are de-duplicated for learning even with -no-dedup: the model
	// must not depend on whether copies are removed afterwards.
	if idx, err = newIndex(&c.sim, mo); err != nil {
		return nil, nil, err
	}
	hasher := minhash.New(mo)
	k := so.K
	if k == 0 {
		k = shingle.DefaultK
	}
	type scratch struct {
		spans    []shingle.Span
		paras    []string
		shingles []uint64
	}
	scr := make([]scratch, j)
	// Analyses are recycled through a free list rather than a sync.Pool,
	// which the garbage collector empties: their buffers would regrow.
	free := make(chan *boiler.PageAnalysis, 4096)
	getAnalysis := func() *boiler.PageAnalysis {
		select {
		case a := <-free:
			return a
		default:
			return new(boiler.PageAnalysis)
		}
	}
	type res struct {
		sig  minhash.Signature
		an   *boiler.PageAnalysis
		skip bool // not learned: malformed or a near-duplicate
	}
	learnc := make(chan *batch[res], j)
	var wg sync.WaitGroup
	for w := 0; w < j; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for b := range learnc {
				for i := range b.docs {
					r := &b.res[i]
					if r.an == nil {
						continue
					}
					if !r.skip {
						learners[w].AddAnalysis(r.an)
					}
					select {
					case free <- r.an:
					default:
					}
					r.an = nil
				}
			}
		}(w)
	}
	prog := startProgress(!c.quiet(), "pass 1/2 (learning)", total)
	var matches []lsh.Match
	c.learned = 0
	err = pipeline(j, func(emit func(*record) error) error {
		return c.in.readInputs(inputs, emit)
	}, func(w int, d *record, r *res) {
		if d.bad != "" {
			return
		}
		s := &scr[w]
		s.spans, s.paras = pageParagraphs(s.spans, s.paras, d.text)
		r.an = getAnalysis()
		r.an.Analyze(boiler.Page{Site: d.site, Paragraphs: s.paras})
		clear(s.paras) // no references to the text kept in scratch
		s.shingles = wordShingles(s.shingles[:0], r.an.Words(), k)
		if len(s.shingles) > 0 {
			r.sig = hasher.Append(make(minhash.Signature, 0, hasher.K()), s.shingles)
		}
	}, func(b *batch[res]) error {
		if b.seq == 0 {
			idx.Grow(c.expectDocs(total, len(b.docs), b.bytes))
		}
		c.learned += len(b.docs)
		for i, d := range b.docs {
			r := &b.res[i]
			if d.bad != "" {
				r.skip = true
				continue
			}
			if r.sig == nil {
				continue
			}
			matches = idx.Query(matches[:0], r.sig, 0, nil)
			if len(matches) > 0 {
				best := bestMatch(matches)
				dups[d.ord] = rawDup{kept[best.ID], best.Similarity}
				r.skip = true
				continue
			}
			if len(kept) > lsh.MaxID {
				return fmt.Errorf("more than %d documents", lsh.MaxID)
			}
			if err := idx.Add(uint32(len(kept)), r.sig); err != nil {
				return err
			}
			kept = append(kept, d.id)
			r.sig = nil
		}
		prog.add(int64(len(b.docs)), b.bytes)
		learnc <- b
		return nil
	})
	close(learnc)
	wg.Wait()
	prog.stop()
	if err != nil {
		return nil, nil, err
	}
	// Each Learner is dropped as soon as its Model is made, to keep the
	// peak memory near one copy of the counts.
	m := learners[0].Model()
	learners[0] = nil
	for i := 1; i < len(learners); i++ {
		mi := learners[i].Model()
		learners[i] = nil
		m.Merge(mi)
	}
	return m, dups, nil
}

// wordShingles appends to dst one hash per run of k consecutive word hashes
// of words (one of all the words when there are fewer than k, none when
// there are none).
func wordShingles(dst, words []uint64, k int) []uint64 {
	if len(words) == 0 {
		return dst
	}
	k = min(k, len(words))
	for i := 0; i+k <= len(words); i++ {
		h := uint64(k)
		for _, w := range words[i : i+k] {
			h = (h ^ w) * 0x9e3779b97f4a7c15
			h ^= h >> 31
		}
		dst = append(dst, h)
	}
	return dst
}

// expectDocs returns the number of documents expected in the inputs (of
// total bytes), to presize an index with (lsh.Index.Grow) when the first
// batch of a pass (docs documents, bytes long) arrives: the count of the
// learning pass if there was one, else as many as the batch's average size
// promises, up to a million (the band tables of a million documents take
// about 100 MB; beyond, they grow as they fill).
func (c *cleanConfig) expectDocs(total int64, docs int, bytes int64) int {
	if c.learned > 0 {
		return c.learned
	}
	if total <= 0 || bytes <= 0 {
		return 0
	}
	return int(min(total*int64(docs)/bytes, 1<<20))
}

// bestMatch returns the most similar match, the first (lowest id) on ties.
func bestMatch(ms []lsh.Match) lsh.Match {
	best := ms[0]
	for _, m := range ms[1:] {
		if m.Similarity > best.Similarity {
			best = m
		}
	}
	return best
}
