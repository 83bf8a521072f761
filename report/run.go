package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/neardup/dedupe/records"
)

// FromRun builds the Data of a report from the removal log of a run and
// the run's input, read in the order the run read it: the input gives what
// a log alone does not, the documents' sites and sizes (totals, the sites
// table) and the texts of the sampled near-duplicate pairs, which a second
// reading of the input fetches for those documents only. The log's records
// must follow the input's order, as dedupe clean writes them. It uses
// the default Limits; FromRunLimits takes others.
func FromRun(log io.Reader, src records.Source) (*Data, error) {
	return FromRunLimits(log, src, Limits{})
}

// FromRunLimits is FromRun with the Limits lim.
func FromRunLimits(log io.Reader, src records.Source, lim Limits) (*Data, error) {
	c := NewCollector(lim)
	lr := newLogReader(log, c.lim.LineBytes)
	if err := lr.next(); err != nil {
		return nil, err
	}
	err := src.Each(func(d *records.Record) error {
		if err := d.Decode(); err != nil {
			return err
		}
		if d.Bad == "" {
			c.Input(d.Site, len(d.Text))
		}
		for lr.ok && lr.cur.belongs(d) {
			r := lr.cur.Removal
			r.Site, r.Size = d.Site, int64(len(d.Text))
			c.Remove(&r)
			if err := lr.next(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if lr.ok {
		return nil, &LogError{Line: lr.lines.line, Err: fmt.Errorf("%q does not follow the input's order", lr.cur.ID)}
	}
	data := c.Data()
	return data, fillFromInput(data, src)
}

// logRecord is a removal log record (with the position the log gives for
// documents whose id is not unique: Removal.File and Line).
type logRecord struct {
	Removal
}

// belongs reports whether the record is about document d. The log holds
// ids and paths as JSON strings, with invalid UTF-8 replaced (a file name
// in Latin-1, say), and the path as the run was given it: "./x.jsonl"
// there and "x.jsonl" here, or an absolute path, are one file.
func (r *logRecord) belongs(d *records.Record) bool {
	return r.ID == asLogged(d.ID) && (r.File == "" || r.Line == d.Line && samePath(r.File, d.File))
}

// asLogged returns s as the log holds it: a JSON string, with invalid
// UTF-8 replaced.
func asLogged(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// samePath reports whether logged, a path read back from the log, names
// the file at path.
func samePath(logged, path string) bool {
	path = asLogged(path)
	if logged == path {
		return true
	}
	a, err1 := filepath.Abs(logged)
	b, err2 := filepath.Abs(path)
	return err1 == nil && err2 == nil && a == b
}

// logReader reads the records of a removal log (ReadLog, FromRun).
type logReader struct {
	lines logLines
	cur   logRecord
	ok    bool
}

// newLogReader returns a logReader of r whose lines are at most max bytes.
func newLogReader(r io.Reader, max int) *logReader {
	return &logReader{lines: logLines{br: bufio.NewReaderSize(r, 1<<16), max: max}}
}

// next reads the next record into cur; ok is false at the end. A line
// that is not a record is a *LogError; a read error is returned as it is.
func (l *logReader) next() error {
	for {
		b, err := l.lines.next()
		if len(trimSpace(b)) > 0 {
			l.cur = logRecord{}
			if jerr := json.Unmarshal(b, &l.cur); jerr != nil {
				return &LogError{Line: l.lines.line, Err: jerr}
			}
			if verr := l.cur.check(); verr != nil {
				return &LogError{Line: l.lines.line, Err: verr}
			}
			l.ok = true
			return nil
		}
		if err == io.EOF {
			l.ok = false
			return nil
		}
		if err != nil {
			return err // a read error, which names its source
		}
	}
}

// fillFromInput fills the texts of the sampled pairs from src: a document
// the log placed (an id that is not unique) is the one at its file and
// line, another the first with its id.
func fillFromInput(d *Data, src records.Source) error {
	type place struct {
		file string
		line int
	}
	want := map[string][]place{} // by id, as the log holds it
	for _, p := range d.Pairs {
		if p.KeptText == "" {
			want[p.Kept] = append(want[p.Kept], place{p.KeptFile, p.KeptLine})
		}
		if p.RemovedText == "" {
			want[p.Removed] = append(want[p.Removed], place{p.RemovedFile, p.RemovedLine})
		}
	}
	if len(want) == 0 {
		return nil
	}
	texts := map[string]string{} // by docKey
	budget := Limits{}.withDefaults().TextBytes
	err := src.Each(func(r *records.Record) error {
		if err := r.Decode(); err != nil {
			return err
		}
		id := asLogged(r.ID)
		for _, at := range want[id] {
			if r.Bad != "" || at.file != "" && (at.line != r.Line || !samePath(at.file, r.File)) {
				continue
			}
			if key := docKey(id, at.file, at.line); texts[key] == "" {
				// what fillTexts's clip reads of it: a text held whole
				// made 100 pairs of 64 MB documents 6.4 GB
				texts[key] = string(r.Text[:min(len(r.Text), budget+1)])
			}
		}
		return nil
	})
	d.fillTexts(func(id, file string, line int) (string, bool) {
		t, ok := texts[docKey(id, file, line)]
		return t, ok
	})
	return err
}
