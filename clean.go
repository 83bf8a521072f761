package dedupe

import (
	"context"
	"errors"
	"io"
	"runtime/pprof"
	"time"

	"github.com/neardup/dedupe/records"
)

// errNoSource is the error for a nil records.Source.
var errNoSource = errors.New("dedupe: no source (a nil records.Source)")

// Clean runs the whole job on the corpus src: it removes the paragraphs
// repeated inside each document, strips site boilerplate, and drops
// near-duplicate documents, keeping the first of each group in input
// order. It writes the kept records to out, in input order, and one
// LogRecord per removed document, paragraph or malformed record to log, so
// that every input document is either in out or logged as removed. The
// output does not depend on Options.Workers.
//
// Clean reads src up to twice: a first pass learns the boilerplate model
// (unless Options.NoBoiler or Options.Model), skipping pages that are
// near-duplicates of earlier pages, and a second pass cleans and signs the
// documents. With exact verification (the default) the second pass writes
// every cleaned record as if it stayed, and a third pass, over a spool
// written in Options.TempDir, verifies the candidate pairs exactly and
// cuts the removed records out: in place when out is an uncompressed
// records.Output file, else by writing out only then. Memory holds the
// signatures, the candidate pairs, the model, and the shingle sets of the
// documents waiting for a partner, not the corpus.
//
// Clean does not commit out and log (see records.Output.Commit): on error
// the caller aborts them. Cancelling ctx stops the run. A panic of out or
// log, like one of src, reaches the caller as a *WorkerPanic.
func Clean(ctx context.Context, src records.Source, out records.Sink, log io.Writer, opts Options) (*Stats, error) {
	if src == nil || out == nil || log == nil {
		return nil, errors.New("dedupe: Clean needs a source, an output and a log (io.Discard for none)")
	}
	c, err := opts.check()
	if err != nil {
		return nil, err
	}
	if c.Mark && !annotates(out) {
		return nil, errors.New("dedupe: marking needs an output that can annotate records (JSON Lines)")
	}
	st := &Stats{Params: c.params}
	model := c.Model
	var l *learned
	if !c.NoBoiler && model == nil {
		t0 := time.Now()
		setPass(ctx, "learn")
		// the exact copies for the clean pass of exact verification (copies.go)
		findCopies := !c.NoDedup && c.Verify == Exact && !c.Mark
		if l, err = c.learn(ctx, src, findCopies); err != nil {
			return nil, err
		}
		model = l.model
		st.pass("learn", t0)
	}
	if c.NoBoiler {
		model = nil
	}
	r := &cleanRun{config: c, src: src, out: out, log: log, st: st, total: sourceSize(src), ids: newIDSet(), pos: &positions{}}
	if l != nil {
		r.learned = l.docs
		r.ids, r.pos, r.plan = l.ids, l.pos, l.plan
	}
	// Cleaners are made here, before the workers start, because creating a
	// boilerplate classifier may derive tables in the model.
	n := c.Workers
	if r.plan != nil {
		n++ // the last for the ordered stage, which may clean a copy (copies.go)
	}
	r.workers = make([]*Cleaner, n)
	for i := range r.workers {
		r.workers[i] = c.newCleaner(model)
	}
	if !c.NoDedup && c.Verify == Exact {
		r.spoolLogs = true
		err = r.exact(ctx)
	} else {
		err = r.stream(ctx)
	}
	if err != nil {
		return nil, err
	}
	st.DuplicateIDs = r.ids.count
	return st, nil
}

// setPass labels the CPU profile samples of the calling goroutine, and of
// the goroutines it starts from now on, with the pass of the run
// (go tool pprof -tagfocus pass=clean).
func setPass(ctx context.Context, pass string) {
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("pass", pass)))
}

// cleanRun is one run of Clean after the learning pass.
type cleanRun struct {
	*config
	src     records.Source
	out     records.Sink
	log     io.Writer
	st      *Stats
	total   int64 // input bytes if known
	learned int   // documents read by the learning pass
	workers []*Cleaner
	// spoolLogs: the paragraph log records go through the spool, without
	// their ids (spoollog.go; exact verification)
	spoolLogs bool
	ids       *idSet     // which ids are not unique
	pos       *positions // of the documents
	plan      *copyPlan  // exact copies found by the learning pass, or nil
}

// cleanResult is what the parallel stage computes for one document.
type cleanResult struct {
	Result
	t        timings
	hash     uint64       // of Text, for exact verification: identical texts are copies
	line     []byte       // the output record
	textSpan records.Span // the text's encoding in line
	parlog   []byte       // the removed paragraphs' log records (spooled form if spoolLogs)
	mark     []byte       // with Options.Mark: the record written, see markDoc
	src      *copySource  // of a copy whose cleaning was skipped (copies.go)
	lsh      uint32       // with exact verification: the lsh id whose fate it shares
}

// cleanDoc runs the per-document steps on d with worker w's Cleaner, and
// encodes the output record and the paragraph log on the worker, rather
// than in the ordered stage.
func (r *cleanRun) cleanDoc(w int, d *records.Record, res *cleanResult) {
	cl := r.workers[w]
	res.Removed = cl.res.Removed[:0]
	cl.clean(d, &res.Result, &res.t)
	if r.spoolLogs {
		res.parlog = appendSpoolLogs(nil, res.Removed, d.ID)
	} else {
		res.parlog = appendLogs(nil, res.Removed)
	}
	if r.Mark {
		r.markDoc(d, res)
	}
	clear(res.Removed) // no references to the document kept in scratch
	cl.res.Removed, res.Removed = res.Removed[:0], nil
	if res.Empty {
		return
	}
	if !r.NoDedup && (r.Verify == Exact || res.Signature == nil) {
		res.hash = textHash(res.Text)
	}
	res.line, res.textSpan = r.out.AppendRecord(nil, d, res.Text)
}

// appendLogs appends the log records of lrs, making room once (growLogs).
func appendLogs(dst []byte, lrs []LogRecord) []byte {
	if len(lrs) == 0 {
		return dst
	}
	dst = growLogs(dst, lrs, len(lrs[0].ID)+128)
	// The records of a document share its id: quoted once, copied into
	// each (the ids were half the bytes of the removal log of the README's
	// documentation corpus).
	var id []byte
	for i := range lrs {
		lr := &lrs[i]
		if i == 0 || lr.ID != lrs[i-1].ID {
			id = records.AppendQuoteString(id[:0], lr.ID)
		}
		dst = lr.appendJSON(dst, id)
	}
	return dst
}

// growLogs returns dst with room for the records of lrs, each taken as
// its text, its reason and over bytes more, allocated at once when dst
// has not the room: grown by append, the buffer of a document's records
// was reallocated several times per document.
func growLogs(dst []byte, lrs []LogRecord, over int) []byte {
	n := 0
	for i := range lrs {
		n += len(lrs[i].Text) + len(lrs[i].Reason) + over
	}
	if cap(dst)-len(dst) >= n {
		return dst
	}
	return append(make([]byte, 0, len(dst)+n+n/8), dst...)
}

// malformed returns the log record of a malformed or too large record.
func malformed(d *records.Record) LogRecord {
	why := WhyMalformed
	if d.TooLarge {
		why = WhyTooLarge
	}
	return LogRecord{ID: d.ID, What: WhatRecord, Why: why, Reason: d.Bad, File: d.File, Line: d.Line,
		Paragraph: -1, KeptParagraph: -1}
}

// emptied returns the log record of a document left empty.
func (r *cleanRun) emptied(d *records.Record) LogRecord {
	lr := LogRecord{ID: d.ID, What: WhatDocument, Why: WhyEmpty, Reason: "every paragraph was removed",
		Paragraph: -1, KeptParagraph: -1}
	r.ids.name(&lr, docRef{d.ID, d.File, d.Line}, nil)
	return lr
}

// duplicate returns the log record of the document self removed as a
// near-duplicate of kept.
func (r *cleanRun) duplicate(self docRef, kept match) LogRecord {
	lr := LogRecord{ID: self.id, What: WhatDocument, Why: WhyNearDuplicate, Similarity: kept.sim, Kept: kept.id,
		Paragraph: -1, KeptParagraph: -1}
	k := r.pos.ref(kept.id, kept.pos)
	r.ids.name(&lr, self, &k)
	return lr
}

// identical returns the log record of a document without shingles removed
// as an identical copy of kept.
func (r *cleanRun) identical(self docRef, kept match) LogRecord {
	lr := r.duplicate(self, kept)
	lr.Reason = "identical text"
	return lr
}

// stream is the second and last pass of Clean without exact verification:
// clean and sign in parallel, de-duplicate on signature estimates and write
// in input order. The ordered stage writes out and log itself: a panic of
// theirs is the pipeline's to catch and raise (reduceOne), as a
// *WorkerPanic once its goroutines have ended.
func (r *cleanRun) stream(ctx context.Context) error {
	var dd *estimateDedup
	if !r.NoDedup {
		idx, err := r.newIndex()
		if err != nil {
			return err
		}
		dd = &estimateDedup{idx: idx, texts: shingleless{}}
	}
	setPass(ctx, "clean")
	t0 := time.Now()
	prog := r.progress("clean")
	var buf, lbuf []byte
	p := &pipeline[*records.Record, cleanResult]{
		j: r.Workers, size: recordSize, read: r.src.Each, maxDocs: r.batchDocs,
		work: func(w int, d *records.Record, res *cleanResult) {
			if d.Bad != "" {
				return
			}
			r.cleanDoc(w, d, res)
		},
		reduce: func(b *batch[*records.Record, cleanResult]) error {
			if dd != nil && b.seq == 0 {
				dd.idx.Grow(expectDocs(r.learned, r.total, len(b.docs), b.bytes))
			}
			buf, lbuf = buf[:0], lbuf[:0]
			for i, d := range b.docs {
				var err error
				buf, lbuf, err = r.streamDoc(dd, d, &b.res[i], buf, lbuf)
				if err != nil {
					return err
				}
			}
			prog(len(b.docs), b.bytes)
			if _, err := r.out.Write(buf); err != nil {
				return err
			}
			_, err := r.log.Write(lbuf)
			return err
		},
	}
	if err := p.run(ctx); err != nil {
		return err
	}
	r.ids.done()
	r.st.pass("clean", t0)
	if dd != nil {
		r.st.Indexed = len(dd.kept)
	}
	return nil
}

// streamDoc decides document d of the streaming pass and appends its output
// record to buf and its log records to lbuf.
func (r *cleanRun) streamDoc(dd *estimateDedup, d *records.Record, res *cleanResult, buf, lbuf []byte) ([]byte, []byte, error) {
	st := r.st
	st.DocsIn++
	st.BytesIn += int64(d.Size)
	r.ids.addSeen(d.ID)
	self := docRef{d.ID, d.File, d.Line}
	pos := r.pos.of(d.File, d.Line)
	if d.Bad != "" {
		st.Bad++
		lr := malformed(d)
		return buf, lr.AppendJSON(lbuf), nil
	}
	st.add(res)
	if r.Mark { // NoDedup (opts.check): every document written, as found
		lbuf = append(lbuf, res.parlog...)
		if res.Empty {
			st.Empty++
			lr := r.emptied(d)
			lbuf = lr.AppendJSON(lbuf)
		}
		st.DocsOut++
		return append(buf, res.mark...), lbuf, nil
	}
	if res.Empty {
		// Paragraph records are logged for documents that stay, and for
		// those left empty, to say why; a document removed as a
		// near-duplicate is logged whole.
		st.Empty++
		lr := r.emptied(d)
		return buf, lr.AppendJSON(append(lbuf, res.parlog...)), nil
	}
	if dd != nil && res.Signature == nil {
		if kept, dup := dd.texts.kept(res.hash, len(res.Text), d.ID, pos, d.Ord); dup {
			st.Duplicates++
			st.DuplicateBytes += int64(len(res.Text))
			lr := r.identical(self, kept)
			return buf, lr.AppendJSON(lbuf), nil
		}
	}
	if dd != nil && res.Signature != nil {
		td := time.Now()
		kept, dup, err := dd.offer(d.ID, pos, res.Signature)
		st.DedupTime += time.Since(td)
		if err != nil {
			return buf, lbuf, err
		}
		if dup {
			st.Duplicates++
			st.DuplicateBytes += int64(len(res.Text))
			lr := r.duplicate(self, kept)
			return buf, lr.AppendJSON(lbuf), nil
		}
	}
	st.DocsOut++
	return append(buf, res.line...), append(lbuf, res.parlog...), nil
}
