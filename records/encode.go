package records

import (
	"bytes"
	"io"
	"slices"
)

// An Encoder writes records in an output format. Its methods are safe for
// concurrent use.
type Encoder interface {
	// AppendRecord appends the encoding of r with text in place of
	// r.Text, and returns the extended slice and the span of the text's
	// encoding in the appended bytes (relative to their start).
	AppendRecord(dst []byte, r *Record, text []byte) ([]byte, Span)
	// AppendText appends the text whose encoding (the span AppendRecord
	// returned) is enc.
	AppendText(dst, enc []byte) []byte
}

// A Sink is where records are written: an Encoder and a writer of what it
// encodes, in order.
type Sink interface {
	Encoder
	io.Writer
}

// JSONL encodes records as JSON Lines: a record read from JSON Lines is its
// input line with only the text value rewritten (every other member
// carried through as it was, in order), followed by "\n"; any other record
// is a new object {"id":...,TextField:...}.
type JSONL struct {
	TextField string // the text's member name for new objects; "" means "text"
}

// AppendRecord implements Encoder.
func (j JSONL) AppendRecord(dst []byte, r *Record, text []byte) ([]byte, Span) {
	start := len(dst)
	var sp Span
	if r.raw == nil {
		field := j.TextField
		if field == "" {
			field = "text"
		}
		dst = append(dst, `{"id":`...)
		dst = AppendQuoteString(dst, r.ID)
		dst = append(dst, ',')
		dst = AppendQuoteString(dst, field)
		dst = append(dst, ':')
		sp.Start = len(dst) - start
		dst = AppendQuote(dst, text)
		sp.End = len(dst) - start
		return append(dst, "}\n"...), sp
	}
	if !r.repaired && bytes.Equal(text, r.Text) {
		dst = append(dst, r.raw...)
		return append(dst, '\n'), r.textVal
	}
	dst = slices.Grow(dst, len(r.raw)+len(text)/8)
	dst = append(dst, r.raw[:r.textVal.Start]...)
	sp.Start = len(dst) - start
	dst = AppendQuote(dst, text)
	sp.End = len(dst) - start
	dst = append(dst, r.raw[r.textVal.End:]...)
	return append(dst, '\n'), sp
}

// AppendText implements Encoder: it unquotes the JSON string enc.
func (JSONL) AppendText(dst, enc []byte) []byte {
	dst, _ = appendUnquote(dst, enc)
	return dst
}

// NewWriter returns a Sink that writes to w with enc (nil means JSONL{}).
func NewWriter(w io.Writer, enc Encoder) Sink {
	if enc == nil {
		enc = JSONL{}
	}
	return writerSink{enc, w}
}

type writerSink struct {
	Encoder
	io.Writer
}
