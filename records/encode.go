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

// Annotates reports whether AppendAnnotated adds the members: whether the
// sink's encoder annotates records (JSONL does, Parquet does not).
func (w writerSink) Annotates() bool {
	_, ok := w.Encoder.(annotator)
	return ok
}

// Annotates reports whether AppendAnnotated adds the members: whether the
// output's encoder annotates records (JSONL does, Parquet does not).
func (o *Output) Annotates() bool {
	_, ok := o.enc.(annotator)
	return ok
}

// An annotator is an Encoder that adds members to the records it encoded
// (JSONL).
type annotator interface {
	AppendAnnotated(dst, enc, members []byte) []byte
}

// appendAnnotated annotates with e, when it can: else enc is appended as
// it is.
func appendAnnotated(e Encoder, dst, enc, members []byte) []byte {
	if a, ok := e.(annotator); ok {
		return a.AppendAnnotated(dst, enc, members)
	}
	return append(dst, enc...)
}

// AppendAnnotated annotates with the sink's encoder, when it can.
func (w writerSink) AppendAnnotated(dst, enc, members []byte) []byte {
	return appendAnnotated(w.Encoder, dst, enc, members)
}

// AppendAnnotated appends the record enc (as AppendRecord encoded it, with
// its newline) with the JSON object members (`"name":value,...`) added at
// its end. A member of enc with the name of one of members is left out, so
// that no name is given twice (a record marked before, say): the new value
// replaces it.
func (JSONL) AppendAnnotated(dst, enc, members []byte) []byte {
	enc = dropMembers(enc, memberNames(members))
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
	return appendAnnotated(o.enc, dst, enc, members)
}

// memberNames returns the names of the members `"name":value,...`, as
// dropMembers takes them.
func memberNames(members []byte) [][]byte {
	var names [][]byte
	obj := append(append([]byte{'{'}, members...), '}')
	eachMember(obj, func(name []byte, _, _ int) { names = append(names, bytes.Clone(name)) })
	return names
}

// dropMembers returns the object enc without its members named in names
// (the names unescaped); the rest of enc is kept byte for byte. enc is
// returned as it is when no member is dropped or it is not an object.
func dropMembers(enc []byte, names [][]byte) []byte {
	var cut []Span // the members dropped, in order, with a comma each
	ok := eachMember(enc, func(name []byte, start, end int) {
		for _, n := range names {
			if bytes.Equal(n, name) {
				cut = append(cut, Span{start, end})
				return
			}
		}
	})
	if !ok || len(cut) == 0 {
		return enc
	}
	out := make([]byte, 0, len(enc))
	prev := 0
	for _, c := range cut {
		out = append(out, enc[prev:c.Start]...)
		prev = c.End
		// Take the comma after the member, or for the last member the one
		// before it.
		if i := skipSpace(enc, c.End); enc[i] == ',' {
			prev = i + 1
		} else {
			out = bytes.TrimRight(out, " \t\n\r")
			out = bytes.TrimSuffix(out, []byte{','})
		}
	}
	return append(out, enc[prev:]...)
}

// eachMember calls fn with the name (unescaped, valid until fn returns)
// and the span, from its name's quote to the end of its value, of each
// member of the JSON object b (objectFields, which validates it); it
// returns false if b is not one. Between a value's end and the next
// name's quote there are only spaces and a comma (or the object's brace):
// the first quote after it opens the next name.
func eachMember(b []byte, fn func(name []byte, start, end int)) bool {
	prev := 0
	err := objectFields(b, func(name []byte, v Span) {
		fn(name, prev+bytes.IndexByte(b[prev:], '"'), v.End)
		prev = v.End
	})
	return err == nil
}

// skipSpace returns the index of the first byte of b from i on that is not
// JSON white space, or len(b).
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
