// Package jsonl opens plain, gzip- and zstd-compressed input files and reads
// them line by line, with 1-based line numbers for error messages.
//
// Lines may be of any length: the Reader grows its buffer as needed instead
// of failing at a fixed limit as bufio.Scanner does.
package jsonl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/zstd"
)

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Stdin is the reader Open returns for the path "-". Tests may replace it.
var Stdin io.Reader = os.Stdin

// Open opens path for reading and decompresses it when it starts with the
// gzip or zstd magic bytes, whatever its name. The path "-" means Stdin.
// Errors name the path. A truncated or corrupt compressed stream shows up as
// an error from Read that names the path too.
func Open(path string) (io.ReadCloser, error) {
	var (
		src    io.Reader
		closer io.Closer = io.NopCloser(nil)
	)
	if path == "-" {
		src = Stdin
	} else {
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
		src, closer = f, f
	}
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
		return &readCloser{name: path, r: zr, close: func() error { zr.Close(); return closer.Close() }}, nil
	case bytes.HasPrefix(head, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			closer.Close()
			return nil, fmt.Errorf("%s: zstd: %w", path, err)
		}
		return &readCloser{name: path, r: zr, close: func() error { zr.Close(); return closer.Close() }}, nil
	}
	return &readCloser{name: path, r: br, close: closer.Close}, nil
}

// readCloser names the file in read errors, so that a truncated gzip stream
// reads as "corpus.jsonl.gz: unexpected EOF" rather than a bare message.
type readCloser struct {
	name  string
	r     io.Reader
	close func() error
}

func (rc *readCloser) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	if err != nil && err != io.EOF {
		if err == io.ErrUnexpectedEOF {
			err = fmt.Errorf("%s: truncated input: %w", rc.name, err)
		} else {
			err = fmt.Errorf("%s: %w", rc.name, err)
		}
	}
	return n, err
}

func (rc *readCloser) Close() error { return rc.close() }

// Reader reads lines of any length. The zero value is not usable; call
// NewReader. A Reader is not safe for concurrent use.
type Reader struct {
	br   *bufio.Reader
	name string
	line int
	buf  []byte
}

// NewReader returns a Reader over r; name is used in error messages.
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 1<<16), name: name}
}

// Next returns the next line without its trailing "\n" or "\r\n". The slice
// is valid until the next call. At the end of input it returns io.EOF; a last
// line without a final newline is returned as a line first. Blank lines are
// returned too: callers decide whether to skip them.
func (r *Reader) Next() ([]byte, error) {
	r.buf = r.buf[:0]
	for {
		chunk, err := r.br.ReadSlice('\n')
		r.buf = append(r.buf, chunk...)
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

// Line returns the 1-based number of the line last returned by Next.
func (r *Reader) Line() int { return r.line }

// Name returns the name given to NewReader.
func (r *Reader) Name() string { return r.name }

// Errorf returns an error prefixed with "name:line: ".
func (r *Reader) Errorf(format string, args ...any) error {
	return &Error{File: r.name, Line: r.line, Err: fmt.Errorf(format, args...)}
}

// Error is an error at a line of an input file.
type Error struct {
	File string
	Line int
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}
