package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
)

// FromLog builds the Data of a report from a removal log alone (JSON Lines,
// one Removal a line, as dedupe clean writes it), with the default Limits
// (FromLogLimits takes others).
//
// A log gives the removals per step and reason, the near-duplicate pairs
// (hence the clusters and the histogram of the removed pairs'
// similarities) and the paragraphs removed with their text (hence the
// boilerplate fragments). It does not give the input's totals, the LSH
// settings, the candidate pairs, the size of the documents removed whole or
// the texts of near-duplicates: set the first two on the Data, and fill the
// texts with FillTexts. Sites come from a "site" field when the records have
// one; otherwise every page counts as one site.
func FromLog(r io.Reader) (*Data, error) {
	return FromLogLimits(r, Limits{})
}

// FromLogLimits is FromLog with the Limits lim.
func FromLogLimits(r io.Reader, lim Limits) (*Data, error) {
	c := NewCollector(lim)
	if err := c.ReadLog(r); err != nil {
		return nil, err
	}
	return c.Data(), nil
}

// LogError is an error in a removal log: a line that is not a record of
// dedupe clean's log, or one out of the input's order (FromRun). It names
// the line; the caller, who opened the log, knows its file.
type LogError struct {
	Line int // 1 for the first line
	Err  error
}

func (e *LogError) Error() string {
	return fmt.Sprintf("report: removal log line %d: %v", e.Line, e.Err)
}

func (e *LogError) Unwrap() error { return e.Err }

// ReadLog counts every record of a removal log. A line that is not a
// record is a *LogError; a read error is returned as it is. The records
// before the error are counted.
func (c *Collector) ReadLog(r io.Reader) error {
	c.fromLog = true
	lr := newLogReader(r, c.lim.LineBytes)
	for {
		if err := lr.next(); err != nil || !lr.ok {
			return err
		}
		rec := lr.cur.Removal
		c.Remove(&rec)
	}
}

// errLongLine is the error of a removal log's line over Limits.LineBytes.
var errLongLine = errors.New("line too long")

// logLines reads the lines of a removal log, each at most max bytes.
type logLines struct {
	br   *bufio.Reader
	max  int
	buf  []byte
	line int // of the line last read, from 1
}

// next returns the next line with its "\n", as bufio.Reader.ReadBytes
// does (the slice is valid until the next call), or a *LogError wrapping
// errLongLine once the line passes max bytes.
func (l *logLines) next() ([]byte, error) {
	l.buf = l.buf[:0]
	l.line++
	for {
		frag, err := l.br.ReadSlice('\n')
		if len(l.buf)+len(frag) > l.max {
			return nil, &LogError{Line: l.line, Err: fmt.Errorf("%w: more than %d bytes", errLongLine, l.max)}
		}
		l.buf = append(l.buf, frag...)
		if err != bufio.ErrBufferFull {
			return l.buf, err
		}
	}
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r' || b[len(b)-1] == '\n') {
		b = b[:len(b)-1]
	}
	return b
}

// check reports what is wrong with a record of a removal log.
func (r *Removal) check() error {
	switch {
	case r.ID == "":
		return errors.New(`missing field "id"`)
	case r.What != "document" && r.What != "paragraph" && r.What != "line" && r.What != "record":
		return fmt.Errorf(`field "what" is %q, not document, paragraph, line or record`, r.What)
	case r.Why == "":
		return errors.New(`missing field "why"`)
	case r.Similarity < 0 || r.Similarity > 1:
		return fmt.Errorf(`field "similarity" is %v, not in [0, 1]`, r.Similarity)
	case r.Size < 0:
		return fmt.Errorf(`field "size" is %d, negative`, r.Size)
	}
	return nil
}

// TextIDs returns the ids of the documents of d.Pairs whose text is
// missing, sorted, each once: the documents to look up for FillTexts.
func (d *Data) TextIDs() []string {
	var ids []string
	for _, p := range d.Pairs {
		if p.KeptText == "" {
			ids = append(ids, p.Kept)
		}
		if p.RemovedText == "" {
			ids = append(ids, p.Removed)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// FillTexts sets the missing texts of d.Pairs to text(id), clipped to the
// default Limits.TextBytes; an id that text does not know stays without
// text.
func (d *Data) FillTexts(text func(id string) (string, bool)) {
	d.fillTexts(func(id, _ string, _ int) (string, bool) { return text(id) })
}

// fillTexts is FillTexts with the place of each document too (Pair's
// KeptFile and KeptLine, RemovedFile and RemovedLine), for logs whose ids
// are not unique.
func (d *Data) fillTexts(text func(id, file string, line int) (string, bool)) {
	n := Limits{}.withDefaults().TextBytes
	fill := func(dst *string, id, file string, line int) {
		if *dst != "" {
			return
		}
		if t, ok := text(id, file, line); ok {
			*dst, _ = clip(t, n)
		}
	}
	for i := range d.Pairs {
		p := &d.Pairs[i]
		fill(&p.KeptText, p.Kept, p.KeptFile, p.KeptLine)
		fill(&p.RemovedText, p.Removed, p.RemovedFile, p.RemovedLine)
	}
}
