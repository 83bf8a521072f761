package records

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/neardup/dedupe/internal/chunk"
)

// A Record is one input document.
//
// A record read from JSON Lines is decoded lazily: a Source hands it over
// with only File, Line, Size and Ord set, and Decode parses it, so that the
// consumer can parse on as many goroutines as it likes. Decode is a no-op
// for a record already decoded or not read from JSON.
type Record struct {
	ID   string // the id field, else FILE:LINE (the path for a plain text file)
	Text []byte // valid UTF-8 (invalid bytes are replaced by U+FFFD)
	URL  string
	Site string // the site field, else the host of URL without "www."

	File string // the input it was read from ("stdin" for standard input)
	Line int    // 1-based line in File; 0 for a whole file
	Size int    // input bytes (the line with its newline, or the file)
	Ord  int    // 0-based position in its Source, counting every record

	// Bad says what is wrong with a malformed record read with
	// Files.SkipBad (the other fields but the position may be empty).
	Bad string
	// TooLarge reports that the record is bad because it is over the size
	// limit (Files.MaxBytes).
	TooLarge bool

	raw      []byte // the JSON object as read; nil for a plain text file
	textVal  Span   // the text value's span in raw
	idVal    Span   // the id value's span in raw when the id was repaired, else empty
	repaired bool   // the text was not valid UTF-8 (the output must rewrite it)
	row      []byte // a Parquet row in its encoding (parquet.go), its text at textVal; nil otherwise

	dec   *decoder     // until Decode: how to parse raw
	chunk *chunk.Chunk // holds raw, see Release
}

// Decode parses a record read from JSON Lines. A malformed record is an
// *Error naming the file and line, or, when the Source skips bad records,
// is marked in Bad (and Decode returns nil). Decode is safe to call on
// different records from different goroutines.
func (r *Record) Decode() error {
	d := r.dec
	if d == nil {
		return nil
	}
	r.dec = nil
	line := r.raw
	r.raw = nil
	err := d.parse(r, line)
	if err == nil {
		return nil
	}
	if !d.skipBad {
		return &Error{File: r.File, Line: r.Line, Err: err}
	}
	r.Bad = err.Error()
	if r.ID == "" {
		r.ID = fmt.Sprintf("%s:%d", r.File, r.Line)
	}
	return nil
}

// Release gives the record's input bytes back to its Source for reuse.
// Sources copy input lines into shared, recycled buffers
// (internal/chunk); a consumer that is done encoding a record releases it
// so that the buffer can be reused. ID, Text, URL and Site are copies and
// stay valid; the record can no longer be encoded. Release is optional: an
// unreleased record is garbage collected as usual.
func (r *Record) Release() {
	c := r.chunk
	if c == nil {
		return
	}
	r.chunk = nil
	r.raw, r.row = nil, nil
	c.Release()
}

// SetText sets the text of r, replacing invalid UTF-8 by U+FFFD.
func (r *Record) SetText(text []byte) {
	if !validUTF8(text) {
		text = bytes.ToValidUTF8(text, []byte("\uFFFD"))
		r.repaired = true
	}
	r.Text = text
}

// An Error is an error at a line of an input file: a malformed record, say.
type Error struct {
	File string
	Line int
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// Fields names the JSON fields of a record. An empty name means the
// default: "id", "text", "url", "site".
type Fields struct {
	ID, Text, URL, Site string
}

func (f Fields) withDefaults() Fields {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&f.ID, "id")
	def(&f.Text, "text")
	def(&f.URL, "url")
	def(&f.Site, "site")
	return f
}

// A decoder parses the JSON Lines records of one Source.
type decoder struct {
	fields  Fields
	skipBad bool
}

// textScratch holds the buffers into which parse unquotes texts, the
// decoder's workers' (a decoder is shared by the goroutines that decode
// its records); a buffer grown over maxTextScratch bytes is dropped.
var textScratch = sync.Pool{New: func() any { return new([]byte) }}

const maxTextScratch = 8 << 20

// putTextScratch gives tm's buffer back to textScratch in sp.
func putTextScratch(sp *[]byte, tm *textMember) {
	*sp = tm.text[:0]
	if cap(tm.text) > maxTextScratch {
		*sp = nil // grown for a huge record: not kept for the next ones
	}
	textScratch.Put(sp)
}

// take returns the unquoted text for the record to keep: tm's buffer itself
// when putTextScratch would drop it (grown past maxTextScratch) and it is
// mostly full (the record would hold the room that escapes left unused as
// long as its text), else a copy.
func (tm *textMember) take() []byte {
	n := len(tm.text)
	if cap(tm.text) > maxTextScratch && cap(tm.text)-n <= n/4 {
		text := tm.text[:n:n]
		tm.text = nil
		return text
	}
	text := make([]byte, n)
	copy(text, tm.text)
	return text
}

// parse fills r from one JSON object; r keeps raw as its raw bytes.
func (d *decoder) parse(r *Record, raw []byte) error {
	var idv, textv, urlv, sitev Span
	var hasID, hasText, hasURL, hasSite bool
	f := d.fields
	// Keys are compared after unescaping ("t\u0065xt" is "text", as any
	// JSON decoder reads it), each with every field name: two flags may
	// name the same field. A repeated key counts at its last occurrence,
	// as encoding/json decodes it.
	sp := textScratch.Get().(*[]byte)
	tm := textMember{key: f.Text, text: *sp}
	defer putTextScratch(sp, &tm)
	err := scanObject(raw, &tm, func(key []byte, v Span) {
		k := string(key)
		if k == f.ID {
			idv, hasID = v, true
		}
		if k == f.Text {
			textv, hasText = v, true
		}
		if k == f.URL {
			urlv, hasURL = v, true
		}
		if k == f.Site {
			sitev, hasSite = v, true
		}
	})
	if err != nil {
		return err
	}
	if hasID {
		switch v := raw[idv.Start:idv.End]; v[0] {
		case '"':
			var repaired bool
			r.ID, repaired = unquoteRepaired(v)
			if repaired {
				r.idVal = idv // the output writes the repaired id, as the log does
			}
		case '{', '[', 'n', 't', 'f':
			return fmt.Errorf("field %q is not a string or number", f.ID)
		default:
			r.ID = string(v)
		}
	} else {
		r.ID = fmt.Sprintf("%s:%d", r.File, r.Line)
	}
	if !hasText {
		return fmt.Errorf("missing field %q", f.Text)
	}
	if raw[textv.Start] != '"' {
		return fmt.Errorf("field %q is not a string", f.Text)
	}
	r.raw, r.textVal = raw, textv
	// the last member named f.Text is a string: tm holds its value
	text := tm.take()
	if tm.ascii {
		r.Text = text // valid UTF-8 by its decoding: SetText's check is not needed
	} else {
		r.SetText(text)
	}
	r.repaired = r.repaired || tm.lone // the output must not keep the lone surrogate
	str := func(v Span, has bool) string {
		if !has || raw[v.Start] != '"' {
			return ""
		}
		return unquote(raw[v.Start:v.End])
	}
	r.URL = str(urlv, hasURL)
	r.Site = str(sitev, hasSite)
	if r.Site == "" && r.URL != "" {
		r.Site = SiteOf(r.URL)
	}
	return nil
}

// SiteOf returns the host of a URL in lower case without a leading "www.",
// or "" if it has none.
func SiteOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// unquote returns the value of a JSON string literal as valid UTF-8.
func unquote(lit []byte) string {
	s, _ := unquoteRepaired(lit)
	return s
}

// unquoteRepaired returns the value of a JSON string literal as valid
// UTF-8, and whether invalid UTF-8 or a lone surrogate had to be replaced
// by U+FFFD.
func unquoteRepaired(lit []byte) (string, bool) {
	if b := lit[1 : len(lit)-1]; bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
		return string(b), false // the common case, in one copy
	}
	b, lone := appendUnquote(nil, lit)
	if lone || !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD"), true
	}
	return string(b), false
}
