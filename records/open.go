package records

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/zstd"
	"github.com/neardup/dedupe/internal/grow"
)

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Open opens the file at path for reading and decompresses it when it
// starts with the gzip or zstd magic bytes, whatever its name. Errors name
// the path. A truncated or corrupt compressed stream shows up as an error
// from Read that names the path too.
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	return decompress(f, f, path)
}

// isZstd reports whether head, the first 4 bytes of a file or more, starts
// a zstd stream: a frame, or a skippable frame (magic 0x184D2A5?), with
// which pzstd starts its files.
func isZstd(head []byte) bool {
	return bytes.HasPrefix(head, zstdMagic) ||
		len(head) >= 4 && head[0]&0xf0 == 0x50 && head[1] == 0x2a && head[2] == 0x4d && head[3] == 0x18
}

// Decompress returns r decompressed when it starts with the gzip or zstd
// magic bytes, else r itself (buffered); name is used in errors. Closing
// the result does not close r.
func Decompress(r io.Reader, name string) (io.ReadCloser, error) {
	return decompress(r, io.NopCloser(nil), name)
}

func decompress(src io.Reader, closer io.Closer, path string) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(src, 1<<16)
	head, err := br.Peek(4)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		closer.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		zr, err := gzip.NewReader(br)
		if err != nil {
			closer.Close()
			return nil, fmt.Errorf("%s: gzip: %w", path, err)
		}
		zr.Multistream(false)
		gm := &gzipMembers{br: br, zr: zr}
		return &readCloser{name: path, r: gm, close: func() error { zr.Close(); return closer.Close() }}, nil
	case isZstd(head):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			closer.Close()
			return nil, fmt.Errorf("%s: zstd: %w", path, err)
		}
		return &readCloser{name: path, r: zr, close: func() error { zr.Close(); return closer.Close() }}, nil
	}
	return &readCloser{name: path, r: br, close: closer.Close}, nil
}

// gzipMembers reads a gzip file member after member (a file may be a
// concatenation of gzip streams), and tells data after the last member
// from a truncated member.
type gzipMembers struct {
	br *bufio.Reader
	zr *gzip.Reader
}

var errTrailing = errors.New("data after the end of the gzip stream")

func (g *gzipMembers) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF || n > 0 {
			if err == io.EOF {
				err = nil
			}
			return n, err
		}
		if _, perr := g.br.Peek(1); perr == io.EOF {
			return 0, io.EOF
		}
		if err := g.zr.Reset(g.br); err != nil {
			return 0, fmt.Errorf("%w: %v", errTrailing, err)
		}
		g.zr.Multistream(false)
	}
}

// readCloser names the file in read errors, so that a truncated gzip stream
// reads as "corpus.jsonl.gz: unexpected EOF" rather than a bare message.
type readCloser struct {
	read  int64 // bytes read so far
	name  string
	r     io.Reader
	close func() error
}

func (rc *readCloser) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	rc.read += int64(n)
	if err != nil && err != io.EOF {
		switch {
		case err == io.ErrUnexpectedEOF:
			err = fmt.Errorf("%s: truncated input: %w", rc.name, err)
		case errors.Is(err, errTrailing):
			err = fmt.Errorf("%s: %w (after %d bytes decompressed)", rc.name, err, rc.read)
		default:
			err = fmt.Errorf("%s: %w", rc.name, err)
		}
	}
	return n, err
}

func (rc *readCloser) Close() error { return rc.close() }

// Lines reads lines of any length, with 1-based line numbers for error
// messages: unlike bufio.Scanner it grows its buffer as needed instead of
// failing at a fixed limit, up to Max. The zero value is not usable; call
// NewLines. A Lines is not safe for concurrent use.
type Lines struct {
	// Max is the longest line returned, in bytes; 0 means no limit. A
	// longer line is read to its end without being kept, and Next returns
	// an *Error wrapping ErrTooLarge for it.
	Max int
	// First, when not nil, is given the first bytes of every line (up to
	// 64 kB, maybe all of it) before the line is kept; an error it returns
	// makes Next skip the line and return the error, as an *Error: a
	// reader checks the format before it buffers a huge line.
	First func(prefix []byte) error

	br   *bufio.Reader
	name string
	line int
	buf  []byte
}

// keepLine is the largest buffer Lines keeps from one line to the next.
const keepLine = 8 << 20

// ErrTooLarge is wrapped by the errors for a line or document over a size
// limit.
var ErrTooLarge = errors.New("too large")

// NewLines returns a Lines over r; name is used in error messages.
func NewLines(r io.Reader, name string) *Lines {
	return &Lines{br: bufio.NewReaderSize(r, 1<<16), name: name}
}

// Next returns the next line without its trailing "\n" or "\r\n". The slice
// is valid until the next call. At the end of input it returns io.EOF; a last
// line without a final newline is returned as a line first. Blank lines are
// returned too: callers decide whether to skip them. A line rejected by Max
// or First is an *Error naming the line; reading may go on with the next.
func (r *Lines) Next() ([]byte, error) {
	if cap(r.buf) > keepLine {
		r.buf = nil // grown for a long line that the next ones may not need
	}
	r.buf = r.buf[:0]
	first := true
	for {
		chunk, err := r.br.ReadSlice('\n')
		if first && r.First != nil && (len(chunk) > 0 || err == nil) {
			if ferr := r.First(chunk); ferr != nil {
				return nil, r.skip(err, ferr)
			}
		}
		first = false
		if n := len(r.buf) + len(trimEOL(chunk)); r.Max > 0 && n > r.Max {
			size := fmt.Sprintf("%d bytes", n) // the whole line, without its end
			if errors.Is(err, bufio.ErrBufferFull) {
				size = fmt.Sprintf("more than %d bytes", len(r.buf)+len(chunk))
			}
			r.buf = r.buf[:0]
			return nil, r.skip(err, fmt.Errorf("%w: line of %s (the limit is %d)", ErrTooLarge, size, r.Max))
		}
		if err == nil && len(r.buf) == 0 {
			// The whole line is in the reader's buffer: returned as it
			// is, not copied to r.buf first (lines under 64 KB, 54 % of
			// the bytes of the README's documentation corpus).
			r.line++
			return trimEOL(chunk), nil
		}
		// doubled, not grown by append's quarter for large slices:
		// dedupe clean's two readings of the 41 MB line of the README's
		// documentation corpus allocated 413 MB in Next, 283 MB now
		r.buf = append(grow.Room(r.buf, len(chunk)), chunk...)
		switch {
		case err == nil:
			r.line++
			return trimEOL(r.buf), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			if len(r.buf) == 0 {
				return nil, io.EOF
			}
			r.line++
			return trimEOL(r.buf), nil
		default:
			return nil, err
		}
	}
}

// takeLong returns line, the line Next returned last, for the caller to
// keep when it lies in a buffer that Next would drop at its next call (one
// grown past keepLine) and fills most of it, and lets go of the buffer;
// else it returns nil. A reader that copies every line it keeps takes a
// long one instead: the copy of a line of tens of megabytes is as many
// fresh pages again. (A buffer mostly unused is not taken: the record
// would hold its room as long as the line.)
func (r *Lines) takeLong(line []byte) []byte {
	if cap(r.buf) <= keepLine || len(line) == 0 || len(r.buf) == 0 || &line[0] != &r.buf[0] ||
		cap(r.buf)-len(line) > len(line)/4 {
		return nil
	}
	r.buf = nil
	return line[:len(line):len(line)]
}

// skip discards the rest of the current line (err is what reading its
// last chunk returned) and returns lerr for it, or a read error.
func (r *Lines) skip(err, lerr error) error {
	for errors.Is(err, bufio.ErrBufferFull) {
		_, err = r.br.ReadSlice('\n')
	}
	if err != nil && err != io.EOF {
		return err
	}
	r.line++
	return &Error{File: r.name, Line: r.line, Err: lerr}
}

// Line returns the 1-based number of the line last returned by Next.
func (r *Lines) Line() int { return r.line }

// Name returns the name given to NewReader.
func (r *Lines) Name() string { return r.name }

// Errorf returns an error prefixed with "name:line: ".
func (r *Lines) Errorf(format string, args ...any) error {
	return &Error{File: r.name, Line: r.line, Err: fmt.Errorf(format, args...)}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}
