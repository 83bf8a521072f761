package dedupe

import (
	"bytes"
	"time"
	"unsafe"

	"github.com/zeebo/xxh3"

	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/internal/grow"
	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
	"github.com/neardup/dedupe/repeats"
	"github.com/neardup/dedupe/shingle"
)

// A Cleaner runs the per-document steps of the clean job on one document
// at a time: repeated paragraphs, boilerplate (with a learned model), and
// the MinHash signature of what is left. It is what every worker of the
// job, of any executor, calls: Clean here, a distributed pipeline's
// per-document stage, a library user cleaning one page with a saved
// model. Deciding which documents are near-duplicates needs the whole
// corpus (see Clean and Find).
//
// A Cleaner reuses scratch buffers from document to document: it is not
// safe for concurrent use; use one per goroutine (they may share the
// Model). The zero value is not usable; call NewCleaner.
type Cleaner struct {
	cfg    *config
	model  *boiler.Model
	cls    *boiler.Classifier // nil without boilerplate removal
	signer *signer
	rep    *repeats.Finder // nil without repeat removal
	spans  []shingle.Span
	drop   []bool
	paras  []string
	lines  []int // the line each of paras starts on (boiler.Page.Lines)
	idx    []int
	labels []boiler.Paragraph
	cuts   []shingle.Span // boilerplate lines cut out of kept paragraphs, in text order
	cues   []int          // paragraphs removed on page cues alone, and their log records (pairs)
	res    Result
	big    bool // the last document was at least bigDoc bytes (see release)
}

// Result is what a Cleaner makes of one document. Its slices are views of
// the input text and of the Cleaner's scratch: they are valid until the
// Cleaner's next call (the Signature is the caller's).
type Result struct {
	// Text is the cleaned text: the paragraphs kept, each followed by the
	// separator that followed it in the input (none after the last). It is
	// the input text itself when nothing was removed.
	Text []byte
	// Removed lists the removed paragraphs, as removal log records, in the
	// order of the steps (repeats, then boilerplate).
	Removed []LogRecord
	// Empty reports that every paragraph was removed; Text is then the
	// input text. A document is never left empty by paragraphs that the
	// boilerplate classifier labelled on page cues alone (not repeated on
	// the site, see boiler.Paragraph.Shared): when every paragraph would
	// go, those stay, are not logged, and KeptBack counts them.
	Empty bool
	// KeptBack counts the paragraphs kept back from boilerplate removal
	// so that the document is not left empty (see Empty), KeptBackBytes
	// their bytes.
	KeptBack      int
	KeptBackBytes int64
	// Signature is the MinHash signature of Text, nil when
	// Options.NoDedup is set or Text has no shingle.
	Signature minhash.Signature
	// RepeatBytes and BoilerBytes count the bytes of the removed
	// paragraphs of each step.
	RepeatBytes, BoilerBytes int64
	// RepeatsCapped reports that the text had too many paragraphs alike
	// for the search of near repeats to be finished (repeats.Finder.Capped):
	// only its identical paragraphs were removed as repeats.
	RepeatsCapped bool
}

// NewCleaner returns a Cleaner for opts. model is the boilerplate model
// (nil, or Options.NoBoiler, leaves boilerplate in); Options.Model is not
// used.
func NewCleaner(opts Options, model *boiler.Model) (*Cleaner, error) {
	cfg, err := opts.check()
	if err != nil {
		return nil, err
	}
	if cfg.NoBoiler {
		model = nil
	}
	return cfg.newCleaner(model), nil
}

func (c *config) newCleaner(model *boiler.Model) *Cleaner {
	w := &Cleaner{cfg: c, signer: newSigner(c.so, c.mo), model: model}
	if model != nil {
		w.cls = model.Classifier(boiler.Options{})
	}
	if !c.NoRepeats {
		w.rep = repeats.New(c.rep)
	}
	return w
}

// Clean cleans the document r (its ID, Site and Text) and returns the
// result, valid until the next call.
func (w *Cleaner) Clean(r *records.Record) *Result {
	w.res = Result{Removed: w.res.Removed[:0]}
	var t timings
	w.clean(r, &w.res, &t)
	return &w.res
}

// ShingleSet appends to dst the sorted, deduplicated shingle set of text
// with the Cleaner's shingle options: what exact verification compares.
func (w *Cleaner) ShingleSet(dst []uint64, text []byte) []uint64 {
	start := len(dst)
	dst = w.signer.sh.Append(dst, text)
	return append(dst[:start], shingle.Set(dst[start:])...)
}

// BandKeys appends to dst the LSH band keys of the signature sig, one
// 64-bit key per band of the Cleaner's banding (lsh.Params.AppendBandKeys):
// documents that share a key are candidates of each other. A distributed
// executor groups documents by these keys instead of holding an index.
func (w *Cleaner) BandKeys(dst []uint64, sig minhash.Signature) []uint64 {
	return w.cfg.params.AppendBandKeys(dst, sig)
}

// Params returns the LSH bands and rows of the Cleaner's options.
func (w *Cleaner) Params() lsh.Params { return w.cfg.params }

// timings are the CPU times of one document's steps, for the summary.
type timings struct {
	repeat, boiler, sign time.Duration
}

// view returns b as a string without copying it. The texts of records are
// never modified once read, so the string stays valid; boiler hashes the
// paragraphs it is given (Classify returns them in Paragraph.Text, which the
// worker overwrites at the next page). Copying every paragraph into a new
// string cost about 3% of the CPU time of clean (0.15 s of 5 s on a 100 MB
// corpus, in runtime.slicebytetostring).
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// pageParagraphs splits text into paragraphs as the clean step splits it
// (shingle.Paragraphs, Auto), so that learning and labelling see the same
// paragraphs, and returns their spans and their texts (views of text).
func pageParagraphs(spans []shingle.Span, paras []string, text []byte) ([]shingle.Span, []string) {
	spans = shingle.Paragraphs(spans[:0], text, shingle.Auto)
	paras = paras[:0]
	for _, s := range spans {
		paras = append(paras, view(text[s.Start:s.End]))
	}
	return spans, paras
}

// bigDoc is the size of a document after which a Cleaner lets go of its
// scratch. The scratch of each step grows to the largest document seen
// and is kept for the next: on the documentation corpus of the README a
// dictionary of 40 MB and an Info manual of 19 MB left each worker with
// some 300 MB of tables that no other document needed, most of the live
// heap of the rest of the run.
const bigDoc = 4 << 20

// release drops the Cleaner's scratch, to be allocated again to the size
// of the documents that follow. clean calls it as soon as a big document
// is cleaned, before the caller encodes the Result's log records, rather
// than at the next document: the Result, which holds none of the scratch,
// goes at the next call (see clean). For QA's 14 MB document of 1.1
// million short lines, the features, labels and spans of its paragraphs
// and the repeat finder's tokens were live beside its log records and
// their encoding: 987 MB of live heap, 421 MB without them.
func (w *Cleaner) release() {
	c := w.cfg
	w.signer = newSigner(c.so, c.mo)
	if w.rep != nil {
		w.rep = repeats.New(c.rep)
	}
	if w.cls != nil {
		w.cls = w.model.Classifier(boiler.Options{})
	}
	w.spans, w.drop, w.paras, w.lines, w.idx, w.labels, w.cuts, w.cues = nil, nil, nil, nil, nil, nil, nil, nil
}

// clean runs the per-document steps on d into r: repeated paragraphs,
// boilerplate, and the signature of what is left.
func (w *Cleaner) clean(d *records.Record, r *Result, t *timings) {
	text := d.Text
	if w.big {
		// the log records' array grown for the last document, which the
		// caller may have passed back in r (cleanRun.cleanDoc)
		w.res, r.Removed = Result{}, nil
	}
	if w.big = len(text) >= bigDoc; w.big {
		defer w.release()
	}
	w.spans = shingle.Paragraphs(w.spans[:0], text, shingle.Auto)
	n := len(w.spans)
	if cap(w.drop) < n {
		w.drop = make([]bool, n)
	}
	w.drop = w.drop[:n]
	clear(w.drop)
	repeats := w.rep != nil && n > 1
	if repeats {
		start := time.Now()
		w.removeRepeats(d, r)
		t.repeat = time.Since(start)
	}
	w.cuts = w.cuts[:0]
	w.cues = w.cues[:0]
	if w.cls != nil && n > 0 {
		start := time.Now()
		w.removeBoilerplate(d, r)
		if w.dropped() == n && len(w.cues) > 0 {
			w.keepBack(r)
		}
		t.boiler = time.Since(start)
	}
	r.Text = text
	if ndrop := w.dropped(); ndrop > 0 || len(w.cuts) > 0 {
		if ndrop == n {
			r.Empty = true
			return
		}
		r.Text = joinCut(make([]byte, 0, len(text)), text, w.spans, w.drop, w.cuts)
	}
	if !w.cfg.NoDedup {
		start := time.Now()
		if repeats && w.signer.joinsTokens() && len(w.cuts) == 0 {
			r.Signature, _ = w.signKept(n)
		} else {
			r.Signature, _ = w.signer.sign(r.Text)
		}
		t.sign = time.Since(start)
	}
}

// removeRepeats marks the later copies of repeated paragraphs.
func (w *Cleaner) removeRepeats(d *records.Record, r *Result) {
	text := d.Text
	capped := w.rep.Capped
	defer func() { r.RepeatsCapped = w.rep.Capped > capped }()
	for _, g := range w.rep.GroupsIn(text, w.spans) {
		kept := g.Paragraphs[0].Index
		for k, p := range g.Paragraphs[1:] {
			i := p.Index
			if w.drop[i] {
				continue
			}
			w.drop[i] = true
			s := w.spans[i]
			r.RepeatBytes += int64(s.End - s.Start)
			r.Removed = append(r.Removed, LogRecord{ID: d.ID, What: WhatParagraph, Why: WhyRepeat,
				Similarity: g.Similarities[k+1], Paragraph: i, KeptParagraph: kept, Text: text[s.Start:s.End]})
		}
	}
}

// removeBoilerplate labels the paragraphs left and marks those that are
// not content.
func (w *Cleaner) removeBoilerplate(d *records.Record, r *Result) {
	text := d.Text
	w.label(d)
	// A later copy of a kept paragraph (boiler.Repeat) stays when the
	// repeat step is off (NoRepeats: "keep paragraphs repeated inside a
	// document"); with it on, the copies it leaves (shorter than MinWords,
	// or below its threshold) are the classifier's to remove.
	keepCopies := w.rep == nil
	n := 0
	for _, l := range w.labels {
		if l.Label == boiler.Boilerplate || l.Label == boiler.Repeat && !keepCopies {
			n++
		}
	}
	r.Removed = grow.Room(r.Removed, n)
	for k, l := range w.labels {
		i := w.idx[k]
		s := w.spans[i]
		if l.Label == boiler.Content || l.Label == boiler.Repeat && keepCopies {
			w.cutLines(d, r, i, l.Lines)
			continue
		}
		w.drop[i] = true
		r.BoilerBytes += int64(s.End - s.Start)
		if !l.Shared {
			w.cues = append(w.cues, i, len(r.Removed))
		}
		r.Removed = append(r.Removed, LogRecord{ID: d.ID, What: WhatParagraph, Why: l.Label.String(),
			Score: l.Score, HasScore: true, Reason: l.Reason, Paragraph: i, KeptParagraph: -1, Text: text[s.Start:s.End]})
	}
}

// label labels the paragraphs of d not marked in w.drop into w.labels,
// and lets go of the classifier's scratch after a big document. It is a
// frame of its own, not inlined into removeBoilerplate: the collector
// scans the frame it preempts conservatively, and a stale copy of the old
// Classifier's pointer in removeBoilerplate's frame, which builds the log
// records, kept its scratch marked through a collection. QA's 14 MB
// document peaked at 1.02-1.05 GB of RSS in 5 runs of 6, at 0.74-0.79 GB
// in 6 of 6 with the call apart.
//
//go:noinline
func (w *Cleaner) label(d *records.Record) {
	text := d.Text
	w.paras = grow.Room(w.paras[:0], len(w.spans))
	w.lines = grow.Room(w.lines[:0], len(w.spans))
	w.idx = grow.Room(w.idx[:0], len(w.spans))
	line, from := 0, 0
	for i, s := range w.spans {
		line += bytes.Count(text[from:s.Start], newline)
		from = s.Start
		if !w.drop[i] {
			w.paras = append(w.paras, view(text[s.Start:s.End]))
			w.lines = append(w.lines, line)
			w.idx = append(w.idx, i)
		}
	}
	w.labels = w.cls.Classify(w.labels[:0], boiler.Page{Site: d.Site, Paragraphs: w.paras, Lines: w.lines})
	clear(w.paras) // no references to the text kept in scratch
	if w.big {
		// the classifier's scratch, sized to the document, is done with:
		// let it go before the log records are made (see release; the
		// features of the paragraphs of QA's document took 235 MB)
		w.cls = w.model.Classifier(boiler.Options{})
		w.paras, w.lines = nil, nil
	}
}

var newline = []byte{'\n'}

// cutLines records the boilerplate lines of kept paragraph i (see
// boiler.Paragraph.Lines) for joinCut and logs them. A line is cut with
// the line break that separates it from the rest of its paragraph.
func (w *Cleaner) cutLines(d *records.Record, r *Result, i int, lines []boiler.Line) {
	text := d.Text
	s := w.spans[i]
	for _, l := range lines {
		start, end := s.Start+l.Start, s.Start+l.End
		cut := shingle.Span{Start: start, End: end}
		if end == s.End {
			// the last line: from the end of the line before it
			for cut.Start > s.Start && (text[cut.Start-1] == '\n' || text[cut.Start-1] == '\r') {
				cut.Start--
			}
		} else {
			for cut.End < s.End && (text[cut.End] == '\r' || text[cut.End] == '\n') {
				cut.End++
				if text[cut.End-1] == '\n' {
					break
				}
			}
		}
		w.cuts = append(w.cuts, cut)
		r.BoilerBytes += int64(cut.End - cut.Start)
		r.Removed = append(r.Removed, LogRecord{ID: d.ID, What: WhatLine, Why: l.Label.String(),
			Score: l.Score, HasScore: true, Reason: l.Reason, Paragraph: i, KeptParagraph: -1, LineIndex: l.Index,
			Text: text[start:end]})
	}
}

// dropped returns the number of paragraphs marked in w.drop.
func (w *Cleaner) dropped() int {
	n := 0
	for _, d := range w.drop {
		n += b2i(d)
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// keepBack keeps the paragraphs removed on page cues alone (w.cues) of a
// document that would otherwise be left empty, and takes their log
// records out of r.Removed.
func (w *Cleaner) keepBack(r *Result) {
	drop := make(map[int]bool, len(w.cues)/2)
	for k := 0; k < len(w.cues); k += 2 {
		i := w.cues[k]
		w.drop[i] = false
		s := w.spans[i]
		r.BoilerBytes -= int64(s.End - s.Start)
		r.KeptBack++
		r.KeptBackBytes += int64(s.End - s.Start)
		drop[w.cues[k+1]] = true
	}
	kept := r.Removed[:0]
	for j, lr := range r.Removed {
		if !drop[j] {
			kept = append(kept, lr)
		}
	}
	clear(r.Removed[len(kept):])
	r.Removed = kept
}

// signKept returns the signature of the paragraphs of the document not
// marked in w.drop, joined (r.Text), from the token hashes the repeat
// finder made of its n paragraphs: sign(r.Text) without tokenising the
// text a second time. The finder split the text as w.spans does
// (shingle.Paragraphs, Auto) and shingles with the options of w.signer
// (both are made from the same shingle.Options), so Tokens(i) are the
// tokens of w.spans[i]; the text around the paragraphs, dropped or not,
// is blank lines, which have no token (TestTokenSignature,
// FuzzTokenSignature). Measured on a 200 MB corpus of generated pages
// (dedupe clean, 2 workers, 2.1 GHz EPYC shared with other jobs): the
// "signatures" step 510 -> 217 ms, the CPU time of the run (user+sys,
// 8 runs alternating with the old binary) 8.22 -> 7.84 s on average.
//
// The kept paragraphs' tokens are taken in runs of consecutive paragraphs
// (repeats.Finder.TokenRun), and used in place when they are one run (no
// paragraph dropped, or only at the ends): copied, they took 48 MB more
// for the 41 MB dictionary entry of the README's documentation corpus.
func (w *Cleaner) signKept(n int) (minhash.Signature, bool) {
	s := w.signer
	s.toks = s.toks[:0]
	var one []uint64 // the first run, used in place if it is the only one
	runs := 0
	for i := 0; i < n; i++ {
		if w.drop[i] {
			continue
		}
		j := i + 1
		for j < n && !w.drop[j] {
			j++
		}
		run := w.rep.TokenRun(i, j)
		if runs++; runs == 1 {
			one = run
		} else {
			if runs == 2 {
				s.toks = append(grow.Room(s.toks, len(one)), one...)
			}
			s.toks = append(grow.Room(s.toks, len(run)), run...)
		}
		i = j // dropped, or n
	}
	if runs == 1 {
		return s.signTokens(one)
	}
	return s.signTokens(s.toks)
}

// joinKept appends to dst the paragraphs of text not marked in drop, each
// followed by the separator that followed it in text (none after the last).
func joinKept(dst, text []byte, spans []shingle.Span, drop []bool) []byte {
	return joinCut(dst, text, spans, drop, nil)
}

// joinCut is joinKept without the byte ranges cuts (in text order, each
// inside a kept paragraph).
func joinCut(dst, text []byte, spans []shingle.Span, drop []bool, cuts []shingle.Span) []byte {
	last := -1
	for i, s := range spans {
		if drop[i] {
			continue
		}
		if last >= 0 {
			sep := text[spans[last].End:spans[last+1].Start]
			dst = append(dst, sep...)
		}
		from := s.Start
		for len(cuts) > 0 && cuts[0].Start < s.End {
			dst = append(dst, text[from:cuts[0].Start]...)
			from = cuts[0].End
			cuts = cuts[1:]
		}
		dst = append(dst, text[from:s.End]...)
		last = i
	}
	return dst
}

// textHash is the hash of a cleaned text by which exact verification finds
// identical copies (with equal signatures; see exact.go).
func textHash(text []byte) uint64 { return xxh3.Hash(text) }

// A signer turns texts into MinHash signatures. It is not safe for
// concurrent use: each worker has its own.
type signer struct {
	sh     *shingle.Shingler
	h      *minhash.Hasher
	hashes []uint64
	toks   []uint64 // token hashes of the kept paragraphs (see Cleaner.signKept)
}

func newSigner(so shingle.Options, mo minhash.Options) *signer {
	return &signer{sh: shingle.New(so), h: minhash.New(mo)}
}

// sign returns the signature of text (newly allocated) and whether the text
// had any shingle.
func (s *signer) sign(text []byte) (minhash.Signature, bool) {
	s.hashes = s.sh.Append(s.hashes[:0], text)
	return s.signHashes()
}

// joinsTokens reports whether the token hashes of paragraphs, concatenated,
// are the token hashes of the paragraphs joined by the separators between
// them (joinKept), so that signTokens of the one is sign of the other: in
// the Words unit no token crosses the line break that every separator
// holds (shingle.Shingler.AppendShingles). Not in the Runes unit, whose
// tokens include a space between words. FuzzTokenSignature checks both
// normalisations.
func (s *signer) joinsTokens() bool {
	return s.sh.Options().Unit == shingle.Words
}

// signTokens returns what sign returns for the text whose token hashes
// (shingle.Shingler.AppendTokens) are toks, without tokenising the text
// again: clean has the tokens of every paragraph from the repeat finder.
func (s *signer) signTokens(toks []uint64) (minhash.Signature, bool) {
	s.hashes = s.sh.AppendShingles(s.hashes[:0], toks)
	return s.signHashes()
}

func (s *signer) signHashes() (minhash.Signature, bool) {
	if len(s.hashes) == 0 {
		return nil, false
	}
	return s.h.Append(make(minhash.Signature, 0, s.h.K()), s.hashes), true
}

// shingleSet returns the sorted, deduplicated shingle set of text.
func (s *signer) shingleSet(text []byte) []uint64 {
	set := s.sh.Append(nil, text)
	return shingle.Set(set)
}
