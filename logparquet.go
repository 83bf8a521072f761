package dedupe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/neardup/dedupe/internal/crash"
	"github.com/neardup/dedupe/records"
	"github.com/parquet-go/parquet-go"
)

// ParquetLog writes a removal log as a Parquet file: one row per LogRecord,
// with a column per field (null where the field does not apply). It is an
// io.Writer of the log's JSON lines, as Clean writes them, so that it
// stands in for a JSON Lines log: each line is decoded and appended as a
// row. Close writes the file's footer (it does not close the underlying
// writer). A ParquetLog is not safe for concurrent use.
type ParquetLog struct {
	w       *parquet.GenericWriter[logRow]
	partial []byte // the start of a line not yet complete
	rows    []logRow
	line    int
}

// logRow is the Parquet schema of a removal log record.
type logRow struct {
	ID            string   `parquet:"id"`
	What          string   `parquet:"what"`
	Why           string   `parquet:"why"`
	Similarity    *float64 `parquet:"similarity,optional"`
	Estimate      *float64 `parquet:"estimate,optional"`
	Kept          *string  `parquet:"kept,optional"`
	KeptFile      *string  `parquet:"kept_file,optional"`
	KeptLine      *int64   `parquet:"kept_line,optional"`
	Paragraph     *int64   `parquet:"paragraph,optional"`
	KeptParagraph *int64   `parquet:"kept_paragraph,optional"`
	LineIndex     *int64   `parquet:"line_index,optional"`
	Score         *float64 `parquet:"score,optional"`
	Reason        *string  `parquet:"reason,optional"`
	File          *string  `parquet:"file,optional"`
	Line          *int64   `parquet:"line,optional"`
	Text          *string  `parquet:"text,optional"`
}

// NewParquetLog returns a ParquetLog writing to w.
func NewParquetLog(w io.Writer) *ParquetLog {
	return &ParquetLog{w: parquet.NewGenericWriter[logRow](w)}
}

// Write decodes the complete JSON lines of p (and of earlier calls) and
// writes their rows.
func (l *ParquetLog) Write(p []byte) (int, error) {
	n := len(p)
	if len(l.partial) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.partial = append(l.partial, p...)
			return n, nil
		}
		l.partial = append(l.partial, p[:i+1]...)
		if err := l.add(l.partial); err != nil {
			return 0, err
		}
		l.partial = l.partial[:0]
		p = p[i+1:]
	}
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.partial = append(l.partial, p...)
			break
		}
		if err := l.add(p[:i+1]); err != nil {
			return 0, err
		}
		p = p[i+1:]
	}
	return n, l.flushRows(1024)
}

// add decodes one line into a row.
func (l *ParquetLog) add(line []byte) error {
	l.line++
	var r LogRecord
	if err := json.Unmarshal(line, &r); err != nil {
		return fmt.Errorf("dedupe: removal log line %d: %w", l.line, err)
	}
	l.rows = append(l.rows, rowOf(&r))
	return nil
}

func (l *ParquetLog) flushRows(atLeast int) error {
	if len(l.rows) < atLeast {
		return nil
	}
	_, err := l.w.Write(l.rows)
	clear(l.rows)
	l.rows = l.rows[:0]
	return err
}

// Close writes the rows left and the footer.
func (l *ParquetLog) Close() error {
	if len(l.partial) > 0 {
		return fmt.Errorf("dedupe: removal log ends in the middle of a line")
	}
	if err := l.flushRows(1); err != nil {
		return err
	}
	return l.w.Close()
}

func rowOf(r *LogRecord) logRow {
	row := logRow{ID: r.ID, What: r.What, Why: r.Why}
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	if r.Similarity > 0 {
		row.Similarity = &r.Similarity
	}
	if r.HasEstimate {
		row.Estimate = &r.Estimate
	}
	row.Kept, row.KeptFile, row.Reason, row.File = str(r.Kept), str(r.KeptFile), str(r.Reason), str(r.File)
	if r.KeptFile != "" {
		n := int64(r.KeptLine)
		row.KeptLine = &n
	}
	if r.File != "" {
		n := int64(r.Line)
		row.Line = &n
	}
	if r.Paragraph >= 0 {
		n := int64(r.Paragraph)
		row.Paragraph = &n
	}
	if r.KeptParagraph >= 0 && r.What == WhatParagraph {
		n := int64(r.KeptParagraph)
		row.KeptParagraph = &n
	}
	if r.What == WhatLine {
		n := int64(r.LineIndex)
		row.LineIndex = &n
	}
	if r.HasScore {
		row.Score = &r.Score
	}
	if r.Text != nil {
		t := string(r.Text)
		row.Text = &t
	}
	return row
}

// ReadParquetLog returns the records of a removal log written by
// ParquetLog as JSON lines, as Clean writes them, read in batches from f.
func ReadParquetLog(f io.ReaderAt, size int64) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(copyParquetLog(pw, f, size))
	}()
	return pr
}

func copyParquetLog(w io.Writer, f io.ReaderAt, size int64) (err error) {
	// parquet-go panics on some corrupt files: on this goroutine that
	// would end the program
	if p := crash.Catch(func() { err = copyParquetRows(w, f, size) }); p != nil {
		err = fmt.Errorf("removal log: not readable Parquet: %v", p.Value)
	}
	return err
}

func copyParquetRows(w io.Writer, f io.ReaderAt, size int64) error {
	pf, err := records.OpenParquet(f, size)
	if err != nil {
		return fmt.Errorf("removal log: not readable Parquet: %w", err)
	}
	r := parquet.NewGenericReader[logRow](pf)
	defer r.Close()
	rows := make([]logRow, 256)
	var buf []byte
	for {
		n, err := r.Read(rows)
		buf = buf[:0]
		for i := range rows[:n] {
			lr := recordOf(&rows[i])
			buf = lr.AppendJSON(buf)
		}
		if _, werr := w.Write(buf); werr != nil {
			return werr
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("removal log: %w", err)
		}
	}
}

// recordOf is the inverse of rowOf.
func recordOf(row *logRow) LogRecord {
	r := LogRecord{ID: row.ID, What: row.What, Why: row.Why, Paragraph: -1, KeptParagraph: -1}
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	r.Kept, r.KeptFile, r.Reason, r.File = deref(row.Kept), deref(row.KeptFile), deref(row.Reason), deref(row.File)
	if row.Similarity != nil {
		r.Similarity = *row.Similarity
	}
	if row.Estimate != nil {
		r.Estimate, r.HasEstimate = *row.Estimate, true
	}
	if row.KeptLine != nil {
		r.KeptLine = int(*row.KeptLine)
	}
	if row.Line != nil {
		r.Line = int(*row.Line)
	}
	if row.Paragraph != nil {
		r.Paragraph = int(*row.Paragraph)
	}
	if row.KeptParagraph != nil {
		r.KeptParagraph = int(*row.KeptParagraph)
	}
	if row.LineIndex != nil {
		r.LineIndex = int(*row.LineIndex)
	}
	if row.Score != nil {
		r.Score, r.HasScore = *row.Score, true
	}
	if row.Text != nil {
		r.Text = []byte(*row.Text)
	}
	return r
}
