package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/neardup/dedupe/internal/jsonl"
)

// A record is one input document.
type record struct {
	id   string
	text []byte // valid UTF-8
	url  string
	site string // the site key: the site field, else the host of the url

	raw      []byte // the JSON object as read; nil for a plain text file
	textVal  span   // the text value's span in raw
	repaired bool   // the text had invalid UTF-8 (the output must rewrite it)

	src  string // input file
	line int    // 1-based line in src; 0 for a plain text file
	size int    // input bytes (the line or the file)

	bad string // for a malformed record read with -skip-bad: what is wrong
	ord int    // 0-based position in the input, counting every record

	// A JSON Lines record is parsed by a pipeline worker, not by the
	// reader: in is set until then. perr is a parse error that stops the
	// run (without -skip-bad), "FILE:LINE: what is wrong".
	in   *inputFlags
	perr error

	// Set for the entries of the clean spool (pass 3 of exact
	// verification), see spool.go.
	sp spoolInfo

	// chunk holds raw (and sp.log), see chunk.go; nil if they have their
	// own allocation.
	chunk *lineChunk
}

// parse parses a JSON Lines record read by readJSONL; it does nothing for a
// record already parsed or read from a plain text file. Pipelines call it
// in their workers, so that parsing runs on every core.
func (d *record) parse() {
	f := d.in
	if f == nil {
		return
	}
	d.in = nil
	line := d.raw
	d.raw = nil
	if err := f.parseRecord(d, line); err != nil {
		if !f.skipBad {
			d.perr = fmt.Errorf("%s:%d: %v", d.src, d.line, err)
			return
		}
		d.bad = err.Error()
		if d.id == "" {
			d.id = fmt.Sprintf("%s:%d", d.src, d.line)
		}
	}
}

// inputFlags are the flags every command reading documents shares.
type inputFlags struct {
	idField, textField, urlField, siteField string
	skipBad                                 bool

	forbidden []os.FileInfo // outputs, which may not be read as inputs

	// alias names a file in messages: standard input spooled to a
	// temporary file for a second pass is still called "stdin".
	alias map[string]string
}

// spoolStdin copies standard input to a temporary file when inputs include
// "-" and will be read more than once, and returns the inputs with "-"
// replaced; cleanup removes the file.
func (f *inputFlags) spoolStdin(inputs []string) (_ []string, cleanup func(), err error) {
	cleanup = func() {}
	i := slices.Index(inputs, "-")
	if i < 0 {
		return inputs, cleanup, nil
	}
	if slices.Index(inputs[i+1:], "-") >= 0 {
		return nil, cleanup, usagef("standard input (-) given twice")
	}
	tmp, err := os.CreateTemp("", "dedupe-stdin-*.jsonl")
	if err != nil {
		return nil, cleanup, err
	}
	addTemp(tmp.Name())
	cleanup = func() {
		os.Remove(tmp.Name())
		dropTemp(tmp.Name())
	}
	_, err = io.Copy(tmp, jsonl.Stdin)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return nil, func() {}, fmt.Errorf("reading stdin: %w", err)
	}
	if f.alias == nil {
		f.alias = map[string]string{}
	}
	f.alias[tmp.Name()] = "stdin"
	inputs = slices.Clone(inputs)
	inputs[i] = tmp.Name()
	return inputs, cleanup, nil
}

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.idField, "id-field", "id", "JSON `field` holding the document id")
	fs.StringVar(&f.textField, "text-field", "text", "JSON `field` holding the text")
	fs.StringVar(&f.urlField, "url-field", "url", "JSON `field` holding the page url")
	fs.StringVar(&f.siteField, "site-field", "site", "JSON `field` holding the site key")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "skip malformed records instead of stopping")
}

// forbid records that path (an output) may not be read as an input.
func (f *inputFlags) forbid(path string) {
	if path == "" || path == "-" {
		return
	}
	if fi, err := os.Stat(path); err == nil {
		f.forbidden = append(f.forbidden, fi)
	}
}

func (f *inputFlags) check(path string, fi os.FileInfo) error {
	for _, o := range f.forbidden {
		if os.SameFile(o, fi) {
			return fmt.Errorf("%s: is also an output; write the output elsewhere", path)
		}
	}
	return nil
}

// isJSONL reports whether a file name says JSON Lines.
func isJSONL(name string) bool {
	name = strings.ToLower(name)
	for _, ext := range []string{".gz", ".zst", ".zstd"} {
		name = strings.TrimSuffix(name, ext)
	}
	return strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson") ||
		strings.HasSuffix(name, ".json")
}

// readInputs reads the documents of inputs in order and calls fn for each.
// fn owns the doc. A malformed record is an error naming file and line unless
// f.skipBad, in which case it is passed to fn with bad set.
func (f *inputFlags) readInputs(inputs []string, fn0 func(d *record) error) error {
	ord := 0
	fn := func(d *record) error {
		d.ord = ord
		ord++
		return fn0(d)
	}
	for _, in := range inputs {
		if in == "-" {
			if err := f.readJSONL(in, fn); err != nil {
				return err
			}
			continue
		}
		fi, err := os.Stat(in)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			if err := f.readFile(in, fi, fn); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != in && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return err
			}
			return f.readFile(path, fi, fn)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (f *inputFlags) readFile(path string, fi os.FileInfo, fn func(d *record) error) error {
	if err := f.check(path, fi); err != nil {
		return err
	}
	if isJSONL(path) {
		return f.readJSONL(path, fn)
	}
	r, err := jsonl.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	text, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	d := &record{id: path, src: path, size: len(text)}
	d.setText(text)
	return fn(d)
}

func (d *record) setText(text []byte) {
	if !utf8.Valid(text) {
		text = bytes.ToValidUTF8(text, []byte("\uFFFD"))
		d.repaired = true
	}
	d.text = text
}

func (f *inputFlags) readJSONL(path string, fn func(d *record) error) error {
	rc, err := jsonl.Open(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	name := path
	if path == "-" {
		name = "stdin"
	} else if a, ok := f.alias[path]; ok {
		name = a
	}
	r := jsonl.NewReader(rc, name)
	var chunks chunkAlloc
	defer chunks.done()
	for {
		line, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		// The line is copied (the reader reuses its buffer) and parsed
		// later by a worker (record.parse). It is copied into a recycled
		// chunk (chunk.go). (Copying lines into fresh 1 MB chunks, not
		// recycled, was slower than one allocation per line: 0.49 s against
		// 0.36 s of reader time on 200 MB, the fresh chunks' page faults
		// outweighing the saved allocations.)
		d := &record{src: name, line: r.Line(), size: len(line) + 1, in: f}
		d.raw = chunks.alloc(d, len(line))
		copy(d.raw, line)
		if err := fn(d); err != nil {
			return err
		}
	}
}

// parseRecord fills d from one JSON Lines record; d keeps line as its raw
// bytes.
func (f *inputFlags) parseRecord(d *record, raw []byte) error {
	var idv, textv, urlv, sitev span
	var hasID, hasText, hasURL, hasSite bool
	err := objectFields(raw, func(key []byte, v span) {
		switch string(key) {
		case f.idField:
			idv, hasID = v, true
		case f.textField:
			textv, hasText = v, true
		case f.urlField:
			urlv, hasURL = v, true
		case f.siteField:
			sitev, hasSite = v, true
		}
	})
	if err != nil {
		return err
	}
	if hasID {
		switch v := raw[idv.start:idv.end]; v[0] {
		case '"':
			d.id = unquote(v)
		case '{', '[', 'n', 't', 'f':
			return fmt.Errorf("field %q is not a string or number", f.idField)
		default:
			d.id = string(v)
		}
	} else {
		d.id = fmt.Sprintf("%s:%d", d.src, d.line)
	}
	if !hasText {
		return fmt.Errorf("missing field %q", f.textField)
	}
	if raw[textv.start] != '"' {
		return fmt.Errorf("field %q is not a string", f.textField)
	}
	d.raw, d.textVal = raw, textv
	text, lone := appendUnquote(make([]byte, 0, textv.end-textv.start), raw[textv.start:textv.end])
	d.setText(text)
	d.repaired = d.repaired || lone // the output must not keep the lone surrogate
	str := func(v span, has bool) string {
		if !has || raw[v.start] != '"' {
			return ""
		}
		return unquote(raw[v.start:v.end])
	}
	d.url = str(urlv, hasURL)
	d.site = str(sitev, hasSite)
	if d.site == "" && d.url != "" {
		d.site = siteOf(d.url)
	}
	return nil
}

// siteOf returns the host of a URL without a leading "www.", or "".
func siteOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// appendRecord appends the output record of d with text as its text,
// followed by a newline: the input line with the text value replaced, or a
// new {"id","text"} object for a plain text document.
func appendRecord(dst []byte, d *record, text []byte, textField string) []byte {
	dst, _ = appendRecordSpan(dst, d, text, textField)
	return dst
}

// appendRecordSpan is appendRecord that also returns the span of the text's
// JSON string in the appended bytes (relative to their start).
func appendRecordSpan(dst []byte, d *record, text []byte, textField string) ([]byte, span) {
	start := len(dst)
	var sp span
	if d.raw == nil {
		dst = append(dst, `{"id":`...)
		dst = appendQuoteString(dst, d.id)
		dst = append(dst, ',')
		dst = appendQuoteString(dst, textField)
		dst = append(dst, ':')
		sp.start = len(dst) - start
		dst = appendQuote(dst, text)
		sp.end = len(dst) - start
		return append(dst, "}\n"...), sp
	}
	if !d.repaired && bytes.Equal(text, d.text) {
		dst = append(dst, d.raw...)
		return append(dst, '\n'), d.textVal
	}
	dst = slices.Grow(dst, len(d.raw)+len(text)/8)
	dst = append(dst, d.raw[:d.textVal.start]...)
	sp.start = len(dst) - start
	dst = appendQuote(dst, text)
	sp.end = len(dst) - start
	dst = append(dst, d.raw[d.textVal.end:]...)
	return append(dst, '\n'), sp
}

var errStop = errors.New("stop")

// unquote returns the value of a JSON string literal as valid UTF-8.
func unquote(lit []byte) string {
	if b := lit[1 : len(lit)-1]; bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
		return string(b) // the common case, in one copy
	}
	b, _ := appendUnquote(nil, lit)
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
