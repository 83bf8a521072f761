package dedupe

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/neardup/dedupe/internal/grow"
	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/records"
)

// Exact verification without holding the corpus in memory.
//
// The pass that cleans the documents (repeats, boilerplate) signs what is
// left, writes each document's output record to OUT as if it stayed, and
// what else the verification pass needs to the spool (spool.go), and
// collects the unverified candidate pairs of the LSH index (candidates):
// each document is asked for its candidates among the earlier ones, then
// added. Memory holds the signatures (in the index) and the pairs, not the
// texts.
//
// The verification pass reads the spool in order. A pipeline worker
// computes the shingle set of each document that is in some candidate pair
// (its text read back from OUT; from the spool when OUT is compressed or
// not a file); the ordered stage (verifier) keeps it only while the
// document is kept and a later partner is still ahead, and drops it after
// its last partner. A document is removed when the exact Jaccard
// similarity of its shingle set with that of an earlier kept candidate is
// at least the threshold; the most similar such candidate (the first on
// ties) is logged as kept, and its record is cut out of OUT (compact.go).
// This is the decision the streaming estimate makes (query the kept
// documents, then add), with exact similarities.
//
// Documents whose cleaned text is identical to an earlier document's (same
// 64-bit hash and same signature) are not added to the index: they share
// the fate of that document (removed as its copy with similarity 1 if it was
// kept, else removed in favour of the document that replaced it). This keeps
// the pairs linear in the number of copies of a text repeated many times
// (licences, templated pages), instead of quadratic.

// A fate is what became of a document that later identical copies follow.
type fate struct {
	kept      match // the kept document: itself, or the one it duplicates
	est       float64
	duplicate bool
}

// fileSink is a Sink whose records can be read back and cut in place
// before it is committed (records.Output of an uncompressed file).
type fileSink interface {
	File() *os.File
	Flush() error
}

// exactRun is the state of the last two passes of Clean with exact
// verification.
type exactRun struct {
	*cleanRun
	idx        *lsh.Index
	cands      *candidates
	of         *os.File // OUT's file when records are cut in place, else nil
	sp         *spoolWriter
	firstOf    map[uint64]uint32 // cleaned text hash → lsh id of its first document
	hasCopies  map[uint32]bool
	noShingles shingleless
	sigbuf     []uint32
	sigA       []uint32
	marks      *marks // the decisions, with Options.Mark
	copies     copySources
}

// exact is pass 2 (clean, sign, spool, candidates) and pass 3 (verify,
// decide, write) of Clean with exact verification.
func (r *cleanRun) exact(ctx context.Context) error {
	idx, err := r.newIndex()
	if err != nil {
		return err
	}
	x := &exactRun{cleanRun: r, idx: idx, cands: newCandidates(idx, max(r.maxCandidates, 0)),
		firstOf: map[uint64]uint32{}, hasCopies: map[uint32]bool{}, noShingles: shingleless{},
		copies: copySources{plan: r.plan, m: map[int]*copySource{}}}
	if fs, ok := r.out.(fileSink); ok && !r.Mark {
		x.of = fs.File()
	}
	if r.Mark {
		x.marks = newMarks() // the output annotates (checked by Clean)
	}
	setPass(ctx, "clean") // before the spool's goroutine starts
	if x.sp, err = createSpool(r.TempDir, r.Temps, x.of == nil); err != nil {
		return err
	}
	defer x.sp.remove()
	t0 := time.Now()
	if err := x.pass2(ctx); err != nil {
		return err
	}
	r.st.pass("clean", t0)
	x.firstOf, x.noShingles = nil, nil
	t1 := time.Now()
	setPass(ctx, "verify")
	if err := x.pass3(ctx); err != nil {
		return err
	}
	if r.Mark {
		if err := x.writeMarked(ctx); err != nil {
			return err
		}
	}
	r.st.pass("verify", t1)
	return nil
}

// pass2 cleans and signs the documents, spools them, collects the
// candidate pairs, and writes every output record to OUT when it is a file.
func (x *exactRun) pass2(ctx context.Context) error {
	prog := x.progress("clean")
	p := &pipeline[*records.Record, cleanResult]{
		j: x.Workers, size: recordSize, read: x.src.Each, maxDocs: x.batchDocs,
		work: func(w int, d *records.Record, res *cleanResult) {
			if d.Bad == "" && !x.copies.skip(d.Ord) {
				x.cleanDoc(w, d, res)
			}
		},
		reduce: func(b *batch[*records.Record, cleanResult]) error {
			if b.seq == 0 {
				x.idx.Grow(expectDocs(x.learned, x.total, len(b.docs), b.bytes))
			}
			var obuf []byte
			if x.of != nil {
				obuf = x.sp.wb.get()
			}
			for i, d := range b.docs {
				res := &b.res[i]
				if d.Bad == "" && x.copies.skip(d.Ord) && !x.copies.fill(d, res) {
					x.cleanDoc(len(x.workers)-1, d, res) // the Cleaner of this stage
				}
				var err error
				if obuf, err = x.spoolDoc(d, res, obuf); err != nil {
					return err
				}
				if d.Bad == "" {
					x.copies.keep(d.Ord, res)
				}
			}
			prog(len(b.docs), b.bytes)
			return x.sp.wb.put(x.out, obuf)
		},
	}
	if err := p.run(ctx); err != nil {
		return err
	}
	x.ids.done()
	var err error
	x.st.SpoolBytes, err = x.sp.finish()
	if err == nil && x.of != nil {
		err = x.out.(fileSink).Flush()
	}
	x.st.Copies = x.copies.filled
	x.st.Indexed = int(x.cands.n)
	x.st.Candidates = len(x.cands.pairs)
	return err
}

// spoolDoc decides what pass 2 can of document d, spools it, and appends
// its output record to obuf when OUT is written in this pass.
func (x *exactRun) spoolDoc(d *records.Record, res *cleanResult, obuf []byte) ([]byte, error) {
	st := x.st
	st.DocsIn++
	st.BytesIn += int64(d.Size)
	x.ids.addSeen(d.ID)
	pos := x.pos.of(d.File, d.Line)
	tlen := len(res.Text)
	if res.src != nil {
		tlen = res.src.tlen // a copy, not cleaned (copies.go)
	}
	info := spoolInfo{tlen: tlen, pos: pos, mark: res.mark}
	final := func(lr LogRecord, log []byte) ([]byte, error) {
		info.kind, info.log = spoolFinal, appendSpoolLog(log, &lr, d.ID)
		return obuf, x.sp.add(d, info, nil, records.Span{})
	}
	if d.Bad != "" {
		st.Bad++
		return final(malformed(d), nil)
	}
	st.add(res)
	if res.Empty {
		st.Empty++
		lr := x.emptied(d)
		if x.Mark { // written all the same
			info.kind, info.log = spoolOut, appendSpoolLog(res.parlog, &lr, d.ID)
			return obuf, x.sp.add(d, info, res.line, res.textSpan)
		}
		return final(lr, res.parlog)
	}
	info.log = res.parlog
	td := time.Now()
	j, seen := x.firstOf[res.hash]
	if res.src != nil {
		j, seen = res.src.lsh, true // the fate its source shares
	}
	switch {
	case res.Signature == nil:
		// No shingle: never a near-duplicate, but maybe a copy.
		if kept, dup := x.noShingles.kept(res.hash, tlen, d.ID, pos, d.Ord); dup {
			st.Duplicates++
			st.DuplicateBytes += int64(tlen)
			st.DedupTime += time.Since(td)
			lr := x.identical(docRef{d.ID, d.File, d.Line}, kept)
			if x.Mark {
				x.marks.add(d.Ord, kept)
				info.kind, info.log = spoolOut, appendSpoolLog(nil, &lr, d.ID)
				return obuf, x.sp.add(d, info, res.line, res.textSpan)
			}
			return final(lr, nil)
		}
		info.kind = spoolOut
	case seen && slices.Equal(res.Signature, idxSignature(x.idx, &x.sigbuf, j)):
		info.kind, info.lsh = spoolCopy, j
		res.lsh = j
		x.hasCopies[j] = true
		st.DedupTime += time.Since(td)
		if x.Mark {
			return obuf, x.sp.add(d, info, res.line, res.textSpan)
		}
		return obuf, x.sp.add(d, info, nil, records.Span{}) // never written
	default:
		id, err := x.cands.add(res.Signature)
		if err != nil {
			return obuf, err
		}
		if !seen {
			x.firstOf[res.hash] = id
		}
		info.kind, info.lsh = spoolDoc, id
		res.lsh = id
	}
	st.DedupTime += time.Since(td)
	if err := x.sp.add(d, info, res.line, res.textSpan); err != nil {
		return obuf, err
	}
	if x.of != nil {
		obuf = append(obuf, res.line...)
	}
	return obuf, nil
}

// exactResult is what a verification worker computes for one spool entry.
type exactResult struct {
	set []uint64 // the shingle set, for documents in some candidate pair
	err error    // reading the text back from OUT failed
}

// pass3 verifies the candidates, decides, and writes the log, and OUT (by
// cutting the removed records out of the file, or writing the kept ones).
func (x *exactRun) pass3(ctx context.Context) error {
	need := x.cands.needs()
	v := newVerifier(x.cands, x.Threshold)
	v.budget = x.verifyMemory
	d := &decider{exactRun: x, v: v, fates: map[uint32]fate{}, wb: newWriteBehind(), prog: x.progress("verify"),
		signer: newSigner(x.so, x.mo)}
	// Closed below; deferred too, so that its goroutine ends on a panic
	// or an early return (the compactor's: below).
	defer d.wb.close()
	src := x.of // where the texts of dropped sets are read again
	if src == nil {
		f, err := os.Open(x.sp.name())
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	v.reload = func(o *openDoc) ([]uint64, error) { return d.reload(src, o) }
	signers := make([]*signer, x.Workers)
	for w := range signers {
		signers[w] = newSigner(x.so, x.mo)
	}
	quoted := make([][]byte, x.Workers) // per worker: a text read back from OUT
	if x.of != nil {
		d.cp = newCompactor(x.of)
		defer d.cp.abort() // nothing after finish
	}
	p := &pipeline[*spoolEntry, exactResult]{
		j: x.Workers, size: spoolSize, maxDocs: x.batchDocs,
		read: func(emit func(*spoolEntry) error) error { return readSpool(x.sp.name(), x.of == nil, x.sp.n, emit) },
		work: func(w int, e *spoolEntry, res *exactResult) {
			if e.kind != spoolDoc || !need.has(e.lsh) {
				return
			}
			var text []byte
			text, res.err = x.readText(e, &quoted[w])
			if res.err == nil {
				res.set = signers[w].shingleSet(text)
			}
		},
		reduce: d.batch,
	}
	err := p.run(ctx)
	if werr := d.wb.close(); err == nil {
		err = werr
	}
	if d.cp != nil {
		if err == nil {
			err = d.cp.finish()
		} else {
			d.cp.abort()
		}
	}
	if err == nil {
		err = v.done()
	}
	x.st.Compared = v.compared
	x.st.Similarities = v.hist[:]
	x.st.CappedCandidates = x.cands.capped
	x.st.SetsDropped, x.st.SetsReloaded = v.dropped, v.reloads
	return err
}

// reload computes the shingle set of the open document o again, from the
// encoding of its text in src (OUT, where the compactor may have moved it,
// or the spool).
func (d *decider) reload(src *os.File, o *openDoc) ([]uint64, error) {
	if d.cp != nil {
		if err := d.cp.wait(); err != nil {
			return nil, err
		}
	}
	d.enc = grow.Len(d.enc, o.n)
	if _, err := src.ReadAt(d.enc, o.loc); err != nil {
		return nil, fmt.Errorf("reading a text back: %w", err)
	}
	d.text = d.out.AppendText(d.text[:0], d.enc)
	return d.signer.shingleSet(d.text), nil
}

// readText returns the cleaned text of spool entry e, read back from OUT
// (into *buf) or from the spool.
func (x *exactRun) readText(e *spoolEntry, buf *[]byte) ([]byte, error) {
	var enc []byte
	if x.of == nil {
		enc = e.raw[e.textVal.Start:e.textVal.End]
	} else {
		n := e.textVal.End - e.textVal.Start
		*buf = grow.Len(*buf, n)
		enc = *buf
		if _, err := x.of.ReadAt(enc, e.off+int64(e.textVal.Start)); err != nil {
			return nil, fmt.Errorf("reading the output back: %w", err)
		}
	}
	return x.out.AppendText(make([]byte, 0, len(enc)), enc), nil
}

// A decider is the ordered stage of pass 3.
type decider struct {
	*exactRun
	v      *verifier
	fates  map[uint32]fate
	cp     *compactor // nil when OUT is written from the spool
	wb     *writeBehind
	prog   func(int, int64)
	signer *signer // for reload
	enc    []byte
	text   []byte
	qid    []byte // the id of the entry whose log is written, quoted
}

func (d *decider) batch(b *batch[*spoolEntry, exactResult]) error {
	buf, lbuf := d.wb.get(), d.wb.get()
	// Room for the batch at once: its paragraph logs are most of the
	// removal log, and appending them to a buffer grown by doubling cost
	// 1.1 s of the 70 s of CPU of clean on the documentation corpus of the
	// README (runtime.growslice under decider.batch, CPU profile).
	var raw, logs int
	for _, e := range b.docs {
		raw += len(e.raw)
		logs += spooledLogsLen(e.log, len(e.id)+2) + logRoom
	}
	lbuf = grow.Room(lbuf, logs)
	if d.cp == nil && !d.Mark {
		buf = grow.Room(buf, raw)
	}
	for k, e := range b.docs {
		res := &b.res[k]
		if res.err != nil {
			return res.err
		}
		if e.kind == spoolFinal {
			lbuf = d.appendLog(lbuf, e)
			continue
		}
		lr, dropped, err := d.decide(e, res)
		if err != nil {
			return err
		}
		if dropped {
			if d.cp != nil {
				d.cp.drop(e.lineLen)
			}
			d.st.Duplicates++
			d.st.DuplicateBytes += int64(e.tlen)
			lbuf = lr.AppendJSON(lbuf)
			continue
		}
		lbuf = d.appendLog(lbuf, e)
		switch {
		case d.Mark: // written by writeMarked
		case d.cp != nil:
			d.st.DocsOut++
			d.cp.keep(e.lineLen)
		default:
			d.st.DocsOut++
			buf = append(buf, e.raw...)
		}
	}
	d.prog(len(b.docs), b.bytes)
	if err := d.wb.put(d.out, buf); err != nil {
		return err
	}
	return d.wb.put(d.log, lbuf)
}

// appendLog appends the log records of e to lbuf.
func (d *decider) appendLog(lbuf []byte, e *spoolEntry) []byte {
	if len(e.log) == 0 {
		return lbuf
	}
	d.qid = records.AppendQuoteString(d.qid[:0], e.id)
	return appendSpooledLogs(lbuf, e.log, d.qid)
}

// logRoom is the room decider.batch makes for the log record of a
// document's fate (one JSON object of an id, a reason and figures).
const logRoom = 256

// decide decides spool entry e (not spoolFinal): whether it is dropped,
// and then its log record.
func (d *decider) decide(e *spoolEntry, res *exactResult) (LogRecord, bool, error) {
	switch e.kind {
	case spoolCopy:
		f := d.fates[e.lsh]
		kept := f.kept
		kept.sim = 1
		if f.duplicate {
			kept.sim = f.kept.sim
		}
		if d.Mark {
			d.marks.add(e.ord, kept)
		}
		lr := d.duplicate(d.pos.ref(e.id, e.pos), kept)
		lr.Estimate, lr.HasEstimate, lr.Reason = 1, true, "identical text"
		if f.duplicate {
			lr.Similarity, lr.Estimate, lr.Reason = f.kept.sim, f.est, "identical to an earlier near-duplicate"
		}
		return lr, true, nil
	case spoolDoc:
		i := e.lsh
		var best uint32
		var kept match
		err := d.v.visit(i, res.set, func(a uint32, o *openDoc, s float64) {
			if s > kept.sim {
				best, kept = a, match{o.id, o.pos, s, o.ord}
			}
		})
		if err != nil {
			return LogRecord{}, false, err
		}
		f := fate{kept: match{e.id, e.pos, 1, e.ord}}
		var lr LogRecord
		if kept.id != "" {
			sig := idxSignature(d.idx, &d.sigbuf, i)
			est := minhash.Similarity(sig, idxSignature(d.idx, &d.sigA, best))
			lr = d.duplicate(d.pos.ref(e.id, e.pos), kept)
			lr.Estimate, lr.HasEstimate = est, true
			f = fate{kept: kept, est: est, duplicate: true}
			if d.Mark {
				d.marks.add(e.ord, kept)
			}
		} else {
			o := &openDoc{id: e.id, pos: e.pos, ord: e.ord, set: res.set, n: e.textVal.End - e.textVal.Start}
			if d.cp != nil {
				o.loc = d.cp.dst + int64(e.textVal.Start) // where the compactor puts it
			} else {
				o.loc = e.lineOff + int64(e.textVal.Start)
			}
			d.v.keep(i, o)
		}
		if d.hasCopies[i] {
			d.fates[i] = f
		}
		return lr, kept.id != "", nil
	}
	return LogRecord{}, false, nil // spoolOut: kept
}

// idxSignature returns the stored signature of id, in *buf.
func idxSignature(x *lsh.Index, buf *[]uint32, id uint32) []uint32 {
	*buf, _ = x.AppendSignature((*buf)[:0], id)
	return *buf
}
