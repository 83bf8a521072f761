package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/neardup/dedupe/lsh"
	"github.com/neardup/dedupe/minhash"
	"github.com/neardup/dedupe/shingle"
)

// Exact verification without holding the corpus in memory.
//
// The pass that cleans the documents (repeats, boilerplate) signs what is
// left, writes each document's output record to OUT as if it stayed, and
// what else pass 3 needs to the spool (spool.go), and collects the
// unverified candidate pairs of the LSH index: each document is asked for
// its candidates among the earlier ones, then added. Memory holds the
// signatures (in the index) and the pairs, not the texts.
//
// The verification pass reads the spool in order. A pipeline worker
// computes the shingle set of each document that is in some candidate pair
// (its text read back from OUT; from the spool when OUT is compressed or
// standard output); the ordered stage keeps it only while the document is
// kept and a later partner is still ahead, and drops it after its last
// partner. A document is removed when the exact Jaccard similarity of its
// shingle set with that of an earlier kept candidate is at least the
// threshold; the most similar such candidate (the first on ties) is logged
// as kept, and its record is cut out of OUT (compact.go). This is the
// decision the streaming estimate makes (query the kept documents, then
// add), with exact similarities: memory is bounded by the candidate pairs
// and the open sets, not by the corpus.
//
// Documents whose cleaned text is identical to an earlier document's (same
// 64-bit hash and same signature) are not added to the index: they share
// the fate of that document (removed as its copy with similarity 1 if it was
// kept, else removed in favour of the document that replaced it). This keeps
// the pairs linear in the number of copies of a text repeated many times
// (licences, templated pages), instead of quadratic.

// A candPair is an unverified candidate pair of lsh ids, a < b.
type candPair struct{ a, b uint32 }

// An openDoc is a kept document whose shingle set is needed by a later
// candidate.
type openDoc struct {
	id  string
	set []uint64
}

// A fate is what became of a document that later identical copies follow.
type fate struct {
	kept      string // the kept document: itself, or the one it duplicates
	sim, est  float64
	duplicate bool
}

// exactResult is what a verification worker computes for one spool entry.
type exactResult struct {
	set []uint64 // the shingle set, for documents in some candidate pair
	err error    // reading the text back from OUT failed
}

// cleanExact is pass 2 (clean, sign, spool, candidates) and pass 3 (verify,
// decide, write) of clean with exact verification.
func (c *cleanConfig) cleanExact(inputs []string, so shingle.Options, mo minhash.Options, labeler *boilerLabeler,
	st *stats, total int64, out, lg *output) error {
	idx, err := newIndex(&c.sim, mo)
	if err != nil {
		return err
	}
	passLabel("clean") // before the spool's goroutine starts
	// of is OUT's file when the output records can be written in pass 2
	// and compacted in pass 3 (spool.go).
	of := out.file()
	sp, err := createSpool(c.out, of == nil)
	if err != nil {
		return err
	}
	defer sp.remove()
	workers := make([]*cleanWorker, c.run.j)
	for w := range workers {
		workers[w] = &cleanWorker{signer: newSigner(so, mo), rep: c.rep.finder(so)}
	}
	passes := 3
	if c.noBoiler || c.model != "" {
		passes = 2
	}
	var (
		pairs     []candPair
		last      = map[uint32]uint32{} // earlier member of a pair → its last partner
		firstOf   = map[uint64]uint32{} // cleaned text hash → lsh id of its first document
		hasCopies = map[uint32]bool{}
		nlsh      uint32
		cands     []uint32
		sigbuf    []uint32
		dedupTime time.Duration
	)
	prog := startProgress(!c.quiet(), fmt.Sprintf("pass %d/%d", passes-1, passes), total)
	t0 := time.Now()
	err = pipeline(c.run.j, func(emit func(*record) error) error {
		return c.in.readInputs(inputs, emit)
	}, func(w int, d *record, r *cleanResult) {
		if d.bad == "" {
			workers[w].clean(c, labeler, w, d, r)
		}
	}, func(b *batch[cleanResult]) error {
		if b.seq == 0 {
			idx.Grow(c.expectDocs(total, len(b.docs), b.bytes))
		}
		var lbuf, obuf []byte
		if of != nil {
			obuf = sp.wb.get()
		}
		for i, d := range b.docs {
			r := &b.res[i]
			st.docsIn++
			st.bytesIn += int64(d.size)
			info := spoolInfo{tlen: len(r.text)}
			if d.bad != "" {
				st.bad++
				lr := logRecord{id: d.id, what: "record", why: "malformed", reason: d.bad, src: d.src, line: d.line, paragraph: -1}
				info.kind, info.log = spoolFinal, lr.appendJSON(lbuf[:0])
				if err := sp.add(d, info, nil, span{}); err != nil {
					return err
				}
				continue
			}
			st.repeatBytes += r.repeatBytes
			st.boilerBytes += r.boilerBytes
			st.repeatTime += r.repeatTime
			st.boilerTime += r.boilerTime
			st.signTime += r.signTime
			if r.empty {
				st.emptyDocs++
				lr := logRecord{id: d.id, what: "document", why: "empty", reason: "every paragraph was removed", paragraph: -1}
				info.kind, info.log = spoolFinal, lr.appendJSON(append(lbuf[:0], r.parlog...))
				if err := sp.add(d, info, nil, span{}); err != nil {
					return err
				}
				continue
			}
			info.log = r.parlog
			td := time.Now()
			switch j, ok := firstOf[r.hash]; {
			case r.sig == nil:
				info.kind = spoolOut // no shingle: never a near-duplicate
			case ok && slices.Equal(r.sig, idxSignature(idx, &sigbuf, j)):
				info.kind, info.lsh = spoolCopy, j
				hasCopies[j] = true
				dedupTime += time.Since(td)
				if err := sp.add(d, info, nil, span{}); err != nil { // never written
					return err
				}
				continue
			default:
				if nlsh > lsh.MaxID {
					return fmt.Errorf("more than %d documents", lsh.MaxID)
				}
				id := nlsh
				nlsh++
				cands = idx.Candidates(cands[:0], r.sig)
				for _, a := range cands {
					pairs = append(pairs, candPair{a, id})
					last[a] = id
				}
				if err := idx.Add(id, r.sig); err != nil {
					return err
				}
				if !ok {
					firstOf[r.hash] = id
				}
				info.kind, info.lsh = spoolDoc, id
			}
			dedupTime += time.Since(td)
			if err := sp.add(d, info, r.line, r.textSpan); err != nil {
				return err
			}
			if of != nil {
				obuf = append(obuf, r.line...)
			}
		}
		if err := sp.wb.put(out, obuf); err != nil {
			return err
		}
		prog.add(int64(len(b.docs)), b.bytes)
		if c.report != nil {
			c.report.addRemoved(b)
		}
		return nil
	})
	prog.stop()
	if err != nil {
		return err
	}
	st.spoolBytes, err = sp.finish()
	if err == nil && of != nil {
		err = out.flush()
	}
	if err != nil {
		return err
	}
	st.pass2 = time.Since(t0)
	st.indexed = int(nlsh)
	st.pairs = len(pairs)
	firstOf = nil

	// Pass 3: verify the candidates, decide, write.
	need := make([]uint64, (int(nlsh)+63)/64)
	for _, p := range pairs {
		need[p.a/64] |= 1 << (p.a % 64)
		need[p.b/64] |= 1 << (p.b % 64)
	}
	needs := func(id uint32) bool { return need[id/64]&(1<<(id%64)) != 0 }
	signers := make([]*signer, c.run.j)
	for w := range signers {
		signers[w] = newSigner(so, mo)
	}
	var (
		open     = map[uint32]openDoc{}
		fates    = map[uint32]fate{}
		next     int // the next pair, in order of b
		sigA     []uint32
		threshld = c.sim.threshold
	)
	prog = startProgress(!c.quiet(), fmt.Sprintf("pass %d/%d (verifying)", passes, passes), total)
	passLabel("verify")
	t1 := time.Now()
	wb := newWriteBehind()
	var cp *compactor
	if of != nil {
		cp = newCompactor(of)
	}
	quoted := make([][]byte, c.run.j) // per worker: a text read back from OUT
	err = pipeline(c.run.j, func(emit func(*record) error) error {
		return readSpool(sp.name(), of == nil, emit)
	}, func(w int, d *record, r *exactResult) {
		if d.sp.kind != spoolDoc || !needs(d.sp.lsh) {
			return
		}
		var q []byte
		if of == nil {
			q = d.raw[d.textVal.start:d.textVal.end]
		} else {
			n := d.textVal.end - d.textVal.start
			quoted[w] = slices.Grow(quoted[w][:0], n)[:n]
			q = quoted[w]
			if _, err := of.ReadAt(q, d.sp.off+int64(d.textVal.start)); err != nil {
				r.err = err
				return
			}
		}
		t, _ := appendUnquote(make([]byte, 0, len(q)), q)
		r.set = signers[w].shingleSet(t)
	}, func(b *batch[exactResult]) error {
		buf, lbuf := wb.get(), wb.get()
		for k, d := range b.docs {
			r := &b.res[k]
			if r.err != nil {
				return fmt.Errorf("reading %s back: %w", c.out, r.err)
			}
			dropped := false
			var lr logRecord
			switch d.sp.kind {
			case spoolFinal:
				lbuf = append(lbuf, d.sp.log...)
				continue
			case spoolCopy:
				f := fates[d.sp.lsh]
				dropped = true
				lr = logRecord{id: d.id, what: "document", why: "near-duplicate", kept: f.kept, similarity: 1, estimate: 1, hasEstimate: true,
					reason: "identical text", paragraph: -1}
				if f.duplicate {
					lr.similarity, lr.estimate, lr.reason = f.sim, f.est, "identical to an earlier near-duplicate"
				}
			case spoolDoc:
				i := d.sp.lsh
				best, bestSim, bestID := uint32(0), 0.0, ""
				for ; next < len(pairs) && pairs[next].b == i; next++ {
					a := pairs[next].a
					o, ok := open[a]
					if !ok {
						continue // a was removed
					}
					st.verified++
					if s := shingle.Jaccard(o.set, r.set); s >= threshld && s > bestSim {
						best, bestSim, bestID = a, s, o.id
					}
					if last[a] == i {
						delete(open, a)
					}
				}
				f := fate{kept: d.id}
				if bestID != "" {
					dropped = true
					sig := idxSignature(idx, &sigbuf, i)
					est := minhash.Similarity(sig, idxSignature(idx, &sigA, best))
					lr = logRecord{id: d.id, what: "document", why: "near-duplicate", kept: bestID, similarity: bestSim,
						estimate: est, hasEstimate: true, paragraph: -1}
					f = fate{kept: bestID, sim: bestSim, est: est, duplicate: true}
				} else if _, later := last[i]; later {
					open[i] = openDoc{id: d.id, set: r.set}
				}
				if hasCopies[i] {
					fates[i] = f
				}
			}
			if dropped {
				if cp != nil {
					cp.drop(d.sp.lineLen)
				}
				st.dupDocs++
				st.dupBytes += int64(d.sp.tlen)
				lbuf = lr.appendJSON(lbuf)
				if c.report != nil {
					c.report.addDup(lr.kept, d.id, lr.similarity)
				}
				continue
			}
			lbuf = append(lbuf, d.sp.log...)
			st.docsOut++
			if cp != nil {
				cp.keep(d.sp.lineLen)
			} else {
				buf = append(buf, d.raw...)
			}
		}
		prog.add(int64(len(b.docs)), b.bytes)
		if err := wb.put(out, buf); err != nil {
			return err
		}
		return wb.put(lg, lbuf)
	})
	if werr := wb.close(); err == nil {
		err = werr
	}
	if cp != nil {
		if err == nil {
			err = cp.finish()
		} else {
			cp.abort()
		}
	}
	prog.stop()
	if err == nil && next != len(pairs) {
		err = fmt.Errorf("%w: %s ended early", errSpool, sp.name())
	}
	if err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if err := lg.Commit(); err != nil {
		return err
	}
	st.pass3 = time.Since(t1)
	st.dedupTime = dedupTime
	if !c.quiet() {
		st.print(stderr, c)
	}
	if c.report != nil {
		c.report.stats = st
	}
	return nil
}

// idxSignature returns the stored signature of id, in *buf.
func idxSignature(x *lsh.Index, buf *[]uint32, id uint32) []uint32 {
	*buf, _ = x.AppendSignature((*buf)[:0], id)
	return *buf
}
