package main

import (
	"slices"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/dedupe/boiler"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

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

// A boilerLabeler holds one boiler.Classifier per worker.
type boilerLabeler struct {
	model *boiler.Model
	cls   []*boiler.Classifier
}

// newBoilerLabeler returns a labeler for model; classifiers are created here,
// before the workers start, because creating one may derive tables in the
// model.
func newBoilerLabeler(model *boiler.Model) *boilerLabeler {
	return &boilerLabeler{model: model}
}

func (b *boilerLabeler) prepare(j int) {
	for len(b.cls) < j {
		b.cls = append(b.cls, b.model.Classifier(boiler.Options{}))
	}
}

// clean runs the per-document steps of clean and strip on d: repeated
// paragraphs, boilerplate, and the signature of what is left.
func (w *cleanWorker) clean(c *cleanConfig, lab *boilerLabeler, wi int, d *record, r *cleanResult) {
	text := d.text
	w.spans = shingle.Paragraphs(w.spans[:0], text, shingle.Auto)
	n := len(w.spans)
	if cap(w.drop) < n {
		w.drop = make([]bool, n)
	}
	w.drop = w.drop[:n]
	clear(w.drop)
	ndrop := 0
	w.removed = w.removed[:0]
	repeats := !c.noRepeats && n > 1
	if repeats {
		t := time.Now()
		for _, g := range w.rep.Groups(text) {
			for _, p := range g.Paragraphs[1:] {
				if w.drop[p.Index] {
					continue
				}
				w.drop[p.Index] = true
				ndrop++
				s := w.spans[p.Index]
				r.repeatBytes += int64(s.End - s.Start)
				w.removed = append(w.removed, logRecord{id: d.id, what: "paragraph", why: "repeat",
					similarity: g.Similarity, paragraph: p.Index, keptParagraph: g.Paragraphs[0].Index, text: text[s.Start:s.End]})
			}
		}
		r.repeatTime = time.Since(t)
	}
	if lab != nil && n > 0 {
		t := time.Now()
		w.paras = w.paras[:0]
		w.idx = w.idx[:0]
		for i, s := range w.spans {
			if !w.drop[i] {
				w.paras = append(w.paras, view(text[s.Start:s.End]))
				w.idx = append(w.idx, i)
			}
		}
		w.labels = lab.cls[wi].Classify(w.labels[:0], d.site, w.paras)
		for k, l := range w.labels {
			if l.Label == boiler.Content {
				continue
			}
			i := w.idx[k]
			w.drop[i] = true
			ndrop++
			s := w.spans[i]
			r.boilerBytes += int64(s.End - s.Start)
			w.removed = append(w.removed, logRecord{id: d.id, what: "paragraph", why: l.Label.String(),
				score: l.Score, hasScore: true, reason: l.Reason, paragraph: i, keptParagraph: -1, text: text[s.Start:s.End]})
		}
		r.boilerTime = time.Since(t)
	}
	r.text = text
	if ndrop > 0 {
		r.text = joinKept(make([]byte, 0, len(text)), text, w.spans, w.drop)
		if ndrop == n {
			r.empty = true
			r.text = text
			w.logRemoved(c, r)
			return
		}
	}
	if !c.noDup {
		t := time.Now()
		if repeats && w.signer.joinsTokens() {
			r.sig, _ = w.signKept(n)
		} else {
			r.sig, _ = w.signer.sign(r.text)
		}
		if c.verify.exact() {
			r.hash = xxhash.Sum64(r.text)
		}
		r.signTime = time.Since(t)
	}
	// The output record and the paragraph log are encoded here, on every
	// core, rather than in the ordered stage.
	r.line, r.textSpan = appendRecordSpan(nil, d, r.text, c.in.textField)
	w.logRemoved(c, r)
}

// signKept returns the signature of the paragraphs of the document not
// marked in w.drop, joined (r.text), from the token hashes the repeat
// finder made of its n paragraphs: sign(r.text) without tokenising the
// text a second time. The finder split the text as w.spans does
// (shingle.Paragraphs, Auto) and shingles with the options of w.signer
// (both are made from the same shingle.Options), so Tokens(i) are the
// tokens of w.spans[i]; the text around the paragraphs, dropped or not,
// is blank lines, which have no token (TestTokenSignature,
// FuzzTokenSignature). Measured on a 200 MB corpus of generated pages
// (dedupe clean, 2 workers, 2.1 GHz EPYC shared with other jobs): the
// "signatures" step 510 -> 217 ms, the CPU time of the run (user+sys,
// 8 runs alternating with the old binary) 8.22 -> 7.84 s on average.
func (w *cleanWorker) signKept(n int) (minhash.Signature, bool) {
	s := w.signer
	s.toks = s.toks[:0]
	for i := range n {
		if !w.drop[i] {
			s.toks = append(s.toks, w.rep.Tokens(i)...)
		}
	}
	return s.signTokens()
}

// logRemoved encodes the removed paragraphs in r.parlog, allocated once
// (grown by append, it was reallocated several times per document), and
// hands them to r.removed for the demo report.
func (w *cleanWorker) logRemoved(c *cleanConfig, r *cleanResult) {
	if len(w.removed) == 0 {
		return
	}
	n := 0
	for j := range w.removed {
		lr := &w.removed[j]
		n += len(lr.text) + len(lr.id) + len(lr.reason) + 128
	}
	r.parlog = make([]byte, 0, n+n/8)
	for j := range w.removed {
		r.parlog = w.removed[j].appendJSON(r.parlog)
	}
	if c.report != nil {
		r.removed = slices.Clone(w.removed)
	}
	clear(w.removed) // no references to the document kept in scratch
}

// joinKept appends to dst the paragraphs of text not marked in drop, each
// followed by the separator that followed it in text (none after the last).
func joinKept(dst, text []byte, spans []shingle.Span, drop []bool) []byte {
	last := -1
	for i, s := range spans {
		if drop[i] {
			continue
		}
		if last >= 0 {
			sep := text[spans[last].End:spans[last+1].Start]
			dst = append(dst, sep...)
		}
		dst = append(dst, text[s.Start:s.End]...)
		last = i
	}
	return dst
}

// stripScratch is the per-worker scratch of boilerLabeler.strip.
type stripScratch struct {
	spans  []shingle.Span
	paras  []string
	drop   []bool
	labels []boiler.Paragraph
}

// strip returns text without the paragraphs worker w's classifier labels as
// boilerplate or repeats (text itself if none is).
func (b *boilerLabeler) strip(w int, s *stripScratch, site string, text []byte) []byte {
	s.spans = shingle.Paragraphs(s.spans[:0], text, shingle.Auto)
	s.paras = s.paras[:0]
	for _, sp := range s.spans {
		s.paras = append(s.paras, view(text[sp.Start:sp.End]))
	}
	s.labels = b.cls[w].Classify(s.labels[:0], site, s.paras)
	s.drop = s.drop[:0]
	n := 0
	for _, l := range s.labels {
		s.drop = append(s.drop, l.Label != boiler.Content)
		if l.Label != boiler.Content {
			n++
		}
	}
	if n == 0 {
		return text
	}
	return joinKept(make([]byte, 0, len(text)), text, s.spans, s.drop)
}
