package dedupe

import (
	"context"

	"github.com/neardup/dedupe/records"
)

// Marking (Options.Mark): every document is written, unchanged, with what
// the steps found added to its record. The job runs as with exact
// verification, with the output records (the input record and the
// paragraph findings) in the spool; the verification pass decides and
// writes the log, recording the decisions; a last pass over the spool
// writes each record with its decision, so that the kept document of a
// group knows it heads one. Without the near-duplicate step there is
// nothing to decide: the one pass writes the marked records (streamDoc).

// An annotator adds members to encoded records (records.JSONL).
type annotator interface {
	AppendAnnotated(dst, enc, members []byte) []byte
}

// annotates reports whether out adds members to its records: it is an
// annotator, and if it says whether its encoder annotates
// (records.Output, records.NewWriter's Sink), it does. A Parquet output
// has AppendAnnotated but writes the records without the members.
func annotates(out records.Sink) bool {
	if _, ok := out.(annotator); !ok {
		return false
	}
	a, ok := out.(interface{ Annotates() bool })
	return !ok || a.Annotates()
}

// markDoc encodes the output record of d for marking, in res.mark: the
// input record with its text unchanged, and its paragraph findings. (The
// spool holds it beside the record with the cleaned text, which the
// verification pass reads.)
func (r *cleanRun) markDoc(d *records.Record, res *cleanResult) {
	var m []byte
	if len(res.Removed) > 0 {
		m = append(m, `"removed_paragraphs":[`...)
		for i := range res.Removed {
			if i > 0 {
				m = append(m, ',')
			}
			m = appendFinding(m, &res.Removed[i])
		}
		m = append(m, ']')
	}
	if res.Empty {
		if len(m) > 0 {
			m = append(m, ',')
		}
		m = append(m, `"empty":true`...)
	}
	enc, _ := r.out.AppendRecord(nil, d, d.Text)
	if len(m) > 0 {
		enc = r.out.(annotator).AppendAnnotated(nil, enc, m)
	}
	res.mark = enc
}

// appendFinding appends a removed paragraph as
// {"paragraph","why","reason","score","similarity","kept_paragraph"}.
func appendFinding(dst []byte, lr *LogRecord) []byte {
	dst = appendInt(append(dst, `{"paragraph":`...), lr.Paragraph)
	if lr.What == WhatLine {
		dst = appendInt(append(dst, `,"line_index":`...), lr.LineIndex)
	}
	dst = records.AppendQuoteString(append(dst, `,"why":`...), lr.Why)
	if lr.Reason != "" {
		dst = records.AppendQuoteString(append(dst, `,"reason":`...), lr.Reason)
	}
	if lr.HasScore {
		dst = appendFloat(append(dst, `,"score":`...), lr.Score)
	}
	if lr.Similarity > 0 {
		dst = appendFloat(append(dst, `,"similarity":`...), lr.Similarity)
	}
	if lr.KeptParagraph >= 0 {
		dst = appendInt(append(dst, `,"kept_paragraph":`...), lr.KeptParagraph)
	}
	return append(dst, '}')
}

// marks are the near-duplicate decisions of a run, by input position.
type marks struct {
	dupOf map[int]match // removed document → the kept one
	heads map[int]bool  // kept documents that others duplicate
}

func newMarks() *marks { return &marks{dupOf: map[int]match{}, heads: map[int]bool{}} }

func (m *marks) add(ord int, kept match) {
	m.dupOf[ord] = kept
	m.heads[kept.ord] = true
}

// writeMarked is the last pass of marking: every spooled record, with its
// decision.
func (x *exactRun) writeMarked(ctx context.Context) error {
	an := x.out.(annotator) // checked by exact
	wb := newWriteBehind()
	defer wb.close() // on a panic too; nothing after the close below
	buf := wb.get()
	var mbuf []byte
	err := readSpool(x.sp.name(), true, x.sp.n, func(e *spoolEntry) error {
		defer e.Release()
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.kind == spoolFinal {
			return nil
		}
		mbuf = mbuf[:0]
		if k, ok := x.marks.dupOf[e.ord]; ok {
			mbuf = records.AppendQuoteString(append(mbuf, `"dup_of":`...), k.id)
			mbuf = appendFloat(append(mbuf, `,"similarity":`...), k.sim)
			mbuf = records.AppendQuoteString(append(mbuf, `,"cluster":`...), k.id)
		} else if x.marks.heads[e.ord] {
			mbuf = records.AppendQuoteString(append(mbuf, `"cluster":`...), e.id)
		}
		if len(mbuf) > 0 {
			buf = an.AppendAnnotated(buf, e.mark, mbuf)
		} else {
			buf = append(buf, e.mark...)
		}
		x.st.DocsOut++
		if len(buf) >= spoolBuffer {
			if err := wb.put(x.out, buf); err != nil {
				return err
			}
			buf = wb.get()
		}
		return nil
	})
	if err == nil {
		err = wb.put(x.out, buf)
	}
	if cerr := wb.close(); err == nil {
		err = cerr
	}
	return err
}
