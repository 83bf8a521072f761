package records

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
)

// WARC input (ISO 28500; WARC 1.0 and 1.1), as Common Crawl's WET files
// hold it. A WARC file is a sequence of records:
//
//	"WARC/1.0" or "WARC/1.1" CRLF
//	header fields "Name: value" CRLF ... (a line starting with a space or
//	a tab continues the previous value)
//	CRLF
//	Content-Length bytes of content
//	CRLF CRLF
//
// A .warc.gz file is a concatenation of gzip members, usually one record
// each. Conversion records (the text that WET files extract from a page)
// are the documents: id = WARC-Record-ID, url = WARC-Target-URI, site = its
// host, text = the content. Every other record (warcinfo, request,
// response, metadata, resource, revisit) is skipped, and not handed over,
// but counted in the record numbers that Record.Line and errors give. A
// file of pages (response or resource records) without a conversion
// record is an error rather than no documents: a crawl's WARC file (its
// HTML) given for its WET file.
//
// A malformed record (no version line, a bad header, a missing or wrong
// Content-Length, a content cut short, an id or url that is not UTF-8, a
// corrupt gzip member) is an *Error naming the file, the record's number
// and its offset (of its gzip member in a .warc.gz, as in CDX indexes, and
// its byte in the member after the member's first record). With SkipBad it
// is handed over with Bad set, and reading resumes at the next line that
// starts with "WARC/1." (in the same gzip member, else at the next
// member): a Content-Length that is wrong costs that record only. A gzip
// member that fails after its last record (no trailer, a wrong checksum)
// loses no record: it is an error naming that record, and with SkipBad
// reading goes on without a record marked bad. The LF
// line ends of hand-written files are accepted for CRLF.
//
// The reader was written for this package rather than taken from
// github.com/nlnwa/gowarc: its reader stops at the first malformed record,
// and it validates digests and buffers every block, while the reading
// here needs resynchronisation and runs at the speed of gzip.

// warcMaxHeader bounds the header of a record.
const warcMaxHeader = 1 << 20

// A warcReader reads the records of one WARC file.
type warcReader struct {
	*fileReader
	path string
	f    io.ReadSeeker
	cr   countReader
	br   *bufio.Reader // over cr
	gz   *gzip.Reader
	zr   *bufio.Reader // over gz
	rec  int           // the number of the record being read
	// docs counts the conversion records, pages the response and
	// resource records (pages of a crawl, which are not read).
	docs, pages int
	// resync is set after a malformed record until the header of a record
	// is read again: the failures of the candidates tried on the way (a
	// "WARC/1.0" line in the content, say) are not new malformed records.
	resync bool
}

// countReader counts the bytes read from r.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// warc reads the conversion records of the WARC file at path.
func (r *fileReader) warc(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return r.readWARC(f, path)
}

func (r *fileReader) readWARC(f io.ReadSeeker, path string) error {
	w := &warcReader{fileReader: r, path: path, f: f}
	w.cr.r = f
	w.br = bufio.NewReaderSize(&w.cr, bufferSize(f))
	head, _ := w.br.Peek(2)
	var err error
	if bytes.HasPrefix(head, gzipMagic) {
		err = w.members()
	} else {
		err = w.plain()
	}
	if err == nil && w.docs == 0 && w.pages > 0 {
		// Not a document handed over, and the file has pages: a crawl's
		// WARC file (its HTML) given for its WET file (its text).
		return fmt.Errorf("%s: no conversion records (the text of a WET file) among its %d response or resource records: dedupe reads text, not HTML; give the crawl's WET files, or extract the pages' text first", path, w.pages)
	}
	return err
}

// bufferSize is the size of the read buffer for f: 64 KiB, or less for a
// smaller file (a buffer per file is most of the cost of reading a short
// one).
func bufferSize(f io.Seeker) int {
	const size = 1 << 16
	cur, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return size
	}
	end, err := f.Seek(0, io.SeekEnd)
	if _, err2 := f.Seek(cur, io.SeekStart); err != nil || err2 != nil || end-cur >= size {
		return size
	}
	return int(end-cur) + 16 // bufio's minimum
}

// pos returns the offset in the file of the next byte of br.
func (w *warcReader) pos() int64 { return w.cr.n - int64(w.br.Buffered()) }

// seek makes br read from offset off of the file.
func (w *warcReader) seek(off int64) error {
	if _, err := w.f.Seek(off, io.SeekStart); err != nil {
		return fmt.Errorf("%s: %w", w.path, err)
	}
	w.cr.n = off
	w.br.Reset(&w.cr)
	return nil
}

// members reads a file of gzip members.
func (w *warcReader) members() error {
	for {
		start := w.pos()
		if _, err := w.br.Peek(1); err == io.EOF {
			return nil
		}
		err := w.member(start)
		if err == nil {
			continue
		}
		var bad *warcBad
		if !errors.As(err, &bad) {
			return err
		}
		if err := w.malformed(start, 0, bad); err != nil {
			return err
		}
		if bad.member { // find the next member
			w.resync = true
			if err := w.seek(start + 1); err != nil {
				return err
			}
			if err := skipTo(w.br, gzipMagic); err == io.EOF {
				return nil
			} else if err != nil {
				return fmt.Errorf("%s: %w", w.path, err)
			}
		}
	}
}

// member reads the records of the gzip member at offset start. A
// malformed record in it is reported (malformed) and reading goes on with
// the next record of the member, found as plain finds it: at the next line
// that starts with "WARC/1.", after the bad record's first byte when its
// Content-Length may be too long (past: the member is read again from
// its start to there), else after what was read of it. A member that
// cannot be read to its end is a *warcBad with member set, for members to go on
// with the next member.
//
// A file compressed whole (gzip file.warc) is one member: before, the rest
// of the file after its first malformed record was skipped unreported.
// Reading it again costs what was read of it, for each record whose
// length is wrong.
func (w *warcReader) member(start int64) error {
	if w.gz == nil {
		w.gz = new(gzip.Reader)
		w.zr = bufio.NewReaderSize(w.gz, 1<<16)
	}
	var out countReader // the member's bytes, decompressed
	open := func() error {
		if err := w.gz.Reset(w.br); err != nil {
			return &warcBad{err: fmt.Errorf("gzip: %w", err), member: true}
		}
		w.gz.Multistream(false)
		out = countReader{r: w.gz}
		w.zr.Reset(&out)
		return nil
	}
	if err := open(); err != nil {
		w.rec++
		return err
	}
	for {
		at := out.n - int64(w.zr.Buffered()) // the record's offset in the member
		err := w.record(w.zr)
		switch {
		case err == nil:
			continue
		case err == io.EOF:
			return nil
		}
		var bad *warcBad
		if !errors.As(err, &bad) {
			return err
		}
		if bad.unread && at > 0 && (errors.Is(bad.err, gzip.ErrChecksum) || errors.Is(bad.err, io.ErrUnexpectedEOF)) {
			bad.trailing = true
		} else if bad.unread {
			w.rec++ // the member's record, unreadable
		}
		if bad.member {
			return err
		}
		if err := w.malformed(start, at, bad); err != nil {
			return err
		}
		w.resync = true
		if bad.past {
			if err := w.seek(start); err != nil {
				return err
			}
			if err := open(); err != nil {
				return err
			}
			if _, err := w.zr.Discard(int(at + 1)); err != nil {
				return &warcBad{err: err, member: true}
			}
		}
		if err := toNextRecord(w.zr); err == io.EOF {
			return nil
		} else if err != nil {
			return &warcBad{err: err, member: true}
		}
	}
}

// plain reads an uncompressed WARC file.
func (w *warcReader) plain() error {
	for {
		start := w.pos()
		err := w.record(w.br)
		if err == nil {
			continue
		}
		if err == io.EOF {
			return nil
		}
		var bad *warcBad
		if !errors.As(err, &bad) {
			return err
		}
		if bad.unread { // a read error, not a record
			return fmt.Errorf("%s: at offset %d: %w", w.path, start, bad.err)
		}
		if err := w.malformed(start, 0, bad); err != nil {
			return err
		}
		// Find the next record.
		w.resync = true
		if err := w.seek(start + 1); err != nil {
			return err
		}
		if err := toNextRecord(w.br); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: %w", w.path, err)
		}
	}
}

// A warcBad is a malformed record.
type warcBad struct {
	err    error
	member bool // a gzip member that could not be read to its end
	past   bool // its Content-Length may have read past its end
	// unread: not a byte of the record could be read. When the member
	// had records and its data ended there (a missing trailer, a wrong
	// checksum, a file cut between two records), trailing is set: no
	// record that the file holds is lost.
	unread, trailing bool
}

func (b *warcBad) Error() string { return b.err.Error() }

// malformed reports the malformed record at offset off, or at byte inner
// of the gzip member at offset off when inner > 0: an error, or with
// SkipBad a record marked bad (unless the reader is resynchronising).
func (w *warcReader) malformed(off, inner int64, bad *warcBad) error {
	if w.resync {
		return nil
	}
	if bad.trailing {
		// The records were read whole: with SkipBad nothing is lost.
		if w.SkipBad {
			return nil
		}
		return &Error{File: w.path, Line: w.rec, Err: fmt.Errorf("the gzip member at offset %d ends badly after this record, which was read whole: %w", off, bad.err)}
	}
	where := fmt.Sprintf("record at offset %d", off)
	if inner > 0 {
		where = fmt.Sprintf("record at byte %d of the gzip member at offset %d", inner, off)
	}
	err := &Error{File: w.path, Line: w.rec, Err: fmt.Errorf("%s: %w", where, bad.err)}
	if !w.SkipBad {
		return err
	}
	return w.fn(&Record{ID: fmt.Sprintf("%s:%d", w.path, w.rec), File: w.path, Line: w.rec, Bad: err.Err.Error()})
}

// toNextRecord advances br to the start of the next line that starts with
// "WARC/1.", where reading resumes after a malformed record; io.EOF if
// there is none.
func toNextRecord(br *bufio.Reader) error {
	if err := skipTo(br, []byte("\nWARC/1.")); err != nil {
		return err
	}
	br.Discard(1)
	return nil
}

// skipTo advances br to the next occurrence of magic, or to the end of
// its input (returning io.EOF).
func skipTo(br *bufio.Reader, magic []byte) error {
	for {
		buf, err := br.Peek(br.Size())
		if i := bytes.Index(buf, magic); i >= 0 {
			br.Discard(i)
			return nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			br.Discard(len(buf))
			return err
		}
		br.Discard(max(len(buf)-len(magic)+1, 1))
	}
}

// warcHead is what the reader uses of a record's header.
type warcHead struct {
	typ, id, uri []byte
	length       int64 // -1 when absent
	size         int   // bytes of the header
}

// record reads one record from src and hands it over if it is a
// conversion record. It returns io.EOF at the end of src, a *warcBad for
// a malformed record.
func (w *warcReader) record(src *bufio.Reader) error {
	var h warcHead
	if err := readWARCHead(src, &h, func() { w.rec++ }); err != nil {
		return err
	}
	// A whole header read is a record, not text that looks like one in the
	// content of the malformed record before: its faults are its own.
	w.resync = false
	if h.length < 0 {
		return &warcBad{err: errors.New("no Content-Length")}
	}
	conversion := string(h.typ) == "conversion"
	switch string(h.typ) {
	case "conversion":
		w.docs++
	case "response", "resource":
		w.pages++
	}
	var text []byte
	if conversion {
		var err error
		if text, err = readN(src, h.length); err != nil {
			return cutShort(h.length, len(text), err)
		}
	} else if n, err := src.Discard(int(min(h.length, int64(maxInt)))); err != nil {
		return cutShort(h.length, n, err)
	}
	end, _ := src.Peek(4)
	switch {
	case bytes.HasPrefix(end, []byte("\r\n\r\n")):
		src.Discard(4)
	case bytes.HasPrefix(end, []byte("\n\n")):
		src.Discard(2)
	default:
		return &warcBad{err: fmt.Errorf("no blank line after the %d bytes of Content-Length (is it wrong?)", h.length), past: true}
	}
	if !conversion {
		return nil
	}
	if !utf8.Valid(h.id) || !utf8.Valid(h.uri) {
		return &warcBad{err: errors.New("WARC-Record-ID or WARC-Target-URI is not UTF-8")}
	}
	d := &Record{ID: string(h.id), URL: string(h.uri), File: w.path, Line: w.rec, Size: h.size + len(text) + 4}
	if d.ID == "" {
		d.ID = fmt.Sprintf("%s:%d", w.path, w.rec)
	}
	d.Site = SiteOf(d.URL)
	d.SetText(text)
	return w.fn(d)
}

const maxInt = int(^uint(0) >> 1)

// cutShort is the error of a content that ended after n bytes.
func cutShort(length int64, n int, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &warcBad{err: fmt.Errorf("content cut short: Content-Length is %d, %d bytes follow", length, n), past: true}
	}
	return &warcBad{err: fmt.Errorf("content unreadable after %d bytes: %w", n, err), member: true}
}

// readWARCHead reads a record's version line and header into h; started
// is called once the record has started (not at the end of src).
func readWARCHead(src *bufio.Reader, h *warcHead, started func()) error {
	line, err := src.ReadSlice('\n')
	for err == nil && len(bytes.TrimRight(line, "\r\n")) == 0 {
		h.size += len(line) // blank lines between records
		line, err = src.ReadSlice('\n')
	}
	if err == io.EOF && len(line) == 0 {
		return io.EOF
	}
	if len(line) == 0 && err != nil && err != bufio.ErrBufferFull {
		// Nothing read: a gzip error, at the end of a member or in it.
		return &warcBad{err: err, member: true, unread: true}
	}
	started()
	if err != nil && err != bufio.ErrBufferFull {
		return &warcBad{err: fmt.Errorf("cut short in its version line: %w", err)}
	}
	if v := bytes.TrimRight(line, "\r\n"); !isWARC(v) || len(v) != len("WARC/1.0") {
		return &warcBad{err: fmt.Errorf("not a WARC 1.0 or 1.1 record: it starts with %q", clip(v, 20))}
	}
	h.size += len(line)
	h.length = -1
	var last *[]byte // the value a continuation line continues
	for {
		line, err = src.ReadSlice('\n')
		h.size += len(line)
		if err != nil || h.size > warcMaxHeader {
			return &warcBad{err: errors.New("header cut short or too long")}
		}
		field := bytes.TrimRight(line, "\r\n")
		if len(field) == 0 {
			return nil
		}
		if field[0] == ' ' || field[0] == '\t' {
			if last != nil {
				*last = append(append((*last)[:len(*last):len(*last)], ' '), bytes.TrimSpace(field)...)
			}
			continue
		}
		name, value, ok := bytes.Cut(field, []byte(":"))
		if !ok || len(name) == 0 || bytes.ContainsAny(name, " \t\"(),/;<=>?@[\\]{}") {
			return &warcBad{err: fmt.Errorf("header line %q is not a field", clip(field, 40))}
		}
		value = bytes.TrimSpace(value)
		last = nil
		switch {
		case bytes.EqualFold(name, []byte("WARC-Type")):
			h.typ = append(h.typ[:0], value...)
		case bytes.EqualFold(name, []byte("WARC-Record-ID")):
			h.id = append(h.id[:0], value...)
			last = &h.id
		case bytes.EqualFold(name, []byte("WARC-Target-URI")):
			h.uri = append(h.uri[:0], value...)
			last = &h.uri
		case bytes.EqualFold(name, []byte("Content-Length")):
			n, err := strconv.ParseInt(string(value), 10, 64)
			if err != nil || n < 0 {
				return &warcBad{err: fmt.Errorf("Content-Length %q is not a length", clip(value, 20))}
			}
			h.length = n
		}
	}
}

// readN reads n bytes from r into a new slice, growing it as the bytes
// come rather than trusting n. On error it returns the bytes read.
func readN(r io.Reader, n int64) ([]byte, error) {
	b := make([]byte, 0, min(n, 1<<20))
	for int64(len(b)) < n {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		m := int(min(int64(cap(b)), n))
		k, err := io.ReadFull(r, b[len(b):m])
		b = b[:len(b)+k]
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

// clip returns b cut to at most n bytes, for error messages.
func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
