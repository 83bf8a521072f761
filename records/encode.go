package records

import (
	"bytes"
	"io"

	"github.com/neardup/dedupe/internal/grow"
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
// (a WARC or Parquet record, a text file, one made in memory) is a new
// object {"id":...,"url":...,"site":...,TextField:...}, url and site left
// out when empty (or named TextField), as the Parquet encoder writes them
// in columns of their own.
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
		if r.URL != "" && field != "url" {
			dst = append(dst, `,"url":`...)
			dst = AppendQuoteString(dst, r.URL)
		}
		if r.Site != "" && field != "site" {
			dst = append(dst, `,"site":`...)
			dst = AppendQuoteString(dst, r.Site)
		}
		dst = append(dst, ',')
		dst = AppendQuoteString(dst, field)
		dst = append(dst, ':')
		sp.Start = len(dst) - start
		dst = AppendQuote(dst, text)
		sp.End = len(dst) - start
		return append(dst, "}\n"...), sp
	}
	if r.idVal.End > 0 {
		return j.appendRepairedID(dst, r, text)
	}
	if !r.repaired && bytes.Equal(text, r.Text) {
		dst = append(dst, r.raw...)
		return append(dst, '\n'), r.textVal
	}
	dst = grow.Room(dst, len(r.raw)+len(text)/8)
	dst = append(dst, r.raw[:r.textVal.Start]...)
	sp.Start = len(dst) - start
	dst = AppendQuote(dst, text)
	sp.End = len(dst) - start
	dst = append(dst, r.raw[r.textVal.End:]...)
	return append(dst, '\n'), sp
}

// appendRepairedID is AppendRecord for a record whose id had invalid UTF-8
// or a lone surrogate: the id is rewritten as Record.ID (U+FFFD in place
// of what was invalid), as the removal log writes it, so that the output
// and the log name the document the same way.
func (j JSONL) appendRepairedID(dst []byte, r *Record, text []byte) ([]byte, Span) {
	start := len(dst)
	type piece struct {
		at  Span
		lit func([]byte) []byte
	}
	ps := []piece{
		{r.idVal, func(b []byte) []byte { return AppendQuoteString(b, r.ID) }},
		{r.textVal, func(b []byte) []byte { return AppendQuote(b, text) }},
	}
	if ps[1].at.Start < ps[0].at.Start {
		ps[0], ps[1] = ps[1], ps[0]
	}
	var sp Span
	prev := 0
	for _, p := range ps {
		dst = append(dst, r.raw[prev:p.at.Start]...)
		s := len(dst) - start
		dst = p.lit(dst)
		if p.at == r.textVal {
			sp = Span{s, len(dst) - start}
		}
		prev = p.at.End
	}
	dst = append(dst, r.raw[prev:]...)
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

// AppendAnnotated annotates with the sink's encoder, when it can.
func (w writerSink) AppendAnnotated(dst, enc, members []byte) []byte {
	if a, ok := w.Encoder.(interface {
		AppendAnnotated(dst, enc, members []byte) []byte
	}); ok {
		return a.AppendAnnotated(dst, enc, members)
	}
	return append(dst, enc...)
}

// AppendAnnotated appends the record enc (as AppendRecord encoded it, with
// its newline) with the JSON object members (`"name":value,...`) added at
// its end.
func (JSONL) AppendAnnotated(dst, enc, members []byte) []byte {
	end := bytes.LastIndexByte(enc, '}')
	if end < 0 {
		return append(dst, enc...)
	}
	dst = append(dst, enc[:end]...)
	if bytes.IndexByte(bytes.TrimSpace(enc[:end]), ':') >= 0 { // a member already
		dst = append(dst, ',')
	}
	dst = append(dst, members...)
	return append(dst, enc[end:]...)
}

// AppendAnnotated implements annotation with the output's encoder, when
// it can annotate.
func (o *Output) AppendAnnotated(dst, enc, members []byte) []byte {
	if a, ok := o.enc.(interface {
		AppendAnnotated(dst, enc, members []byte) []byte
	}); ok {
		return a.AppendAnnotated(dst, enc, members)
	}
	return append(dst, enc...)
}
