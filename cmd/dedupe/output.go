package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// An output is a file written to a temporary name beside its final path and
// renamed when Commit is called, so that an interrupted run never leaves a
// half-written file. "-" writes to stdout. A name ending in .gz or .zst is
// compressed.
type output struct {
	path string
	tmp  *os.File
	w    *bufio.Writer
	zw   io.WriteCloser
}

func createOutput(path string) (*output, error) {
	o := &output{path: path}
	var dst io.Writer
	if path == "-" {
		dst = stdout
	} else {
		dir, base := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		f, err := os.CreateTemp(dir, "."+base+".tmp*")
		if err != nil {
			return nil, err
		}
		// CreateTemp makes the file private; the output is an ordinary file.
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
		o.tmp, dst = f, f
		addTemp(f.Name())
	}
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".gz"):
		o.zw = gzip.NewWriter(dst)
		dst = o.zw
	case strings.HasSuffix(lower, ".zst") || strings.HasSuffix(lower, ".zstd"):
		zw, err := zstd.NewWriter(dst, zstd.WithEncoderConcurrency(1))
		if err != nil {
			o.Abort()
			return nil, err
		}
		o.zw = zw
		dst = zw
	}
	o.w = bufio.NewWriterSize(dst, 1<<20)
	return o, nil
}

func (o *output) Write(p []byte) (int, error) { return o.w.Write(p) }

// file returns the temporary file when the output is an uncompressed file,
// whose records can be read back and moved before Commit; else nil.
func (o *output) file() *os.File {
	if o.zw != nil {
		return nil
	}
	return o.tmp
}

// flush writes the buffered bytes to the file.
func (o *output) flush() error { return o.w.Flush() }

// Commit flushes the output and renames it to its final path.
func (o *output) Commit() error {
	err := o.w.Flush()
	if o.zw != nil {
		if cerr := o.zw.Close(); err == nil {
			err = cerr
		}
	}
	if o.tmp == nil {
		return err
	}
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.tmp.Name())
	}
	dropTemp(o.tmp.Name())
	o.tmp = nil
	if err != nil {
		return fmt.Errorf("writing %s: %w", o.path, err)
	}
	return nil
}

// Abort removes the temporary file; it is a no-op after Commit.
func (o *output) Abort() {
	if o == nil || o.tmp == nil {
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
	dropTemp(o.tmp.Name())
	o.tmp = nil
}

// A logRecord is one line of the removal log.
type logRecord struct {
	id         string
	what       string // "document", "paragraph" or "record"
	why        string // "near-duplicate", "repeat", "boilerplate", "empty", "malformed"
	similarity float64
	// estimate is the signature estimate of the similarity, logged with
	// an exactly verified near-duplicate.
	estimate    float64
	hasEstimate bool
	kept        string
	paragraph   int // index of the paragraph in the input text; -1 for documents
	// keptParagraph is the index of the paragraph kept in place of a
	// repeat; -1 if none.
	keptParagraph int
	score         float64 // boilerplate: the classifier's content score
	hasScore      bool
	text          []byte
	reason        string
	src           string
	line          int
}

func (r *logRecord) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendQuoteString(dst, r.id)
	dst = append(dst, `,"what":`...)
	dst = appendQuoteString(dst, r.what)
	dst = append(dst, `,"why":`...)
	dst = appendQuoteString(dst, r.why)
	if r.similarity > 0 {
		dst = append(dst, `,"similarity":`...)
		dst = appendFloat(dst, r.similarity)
	}
	if r.hasEstimate {
		dst = append(dst, `,"estimate":`...)
		dst = appendFloat(dst, r.estimate)
	}
	if r.kept != "" {
		dst = append(dst, `,"kept":`...)
		dst = appendQuoteString(dst, r.kept)
	}
	if r.paragraph >= 0 {
		dst = append(dst, `,"paragraph":`...)
		dst = appendInt(dst, r.paragraph)
	}
	if r.keptParagraph >= 0 && r.what == "paragraph" {
		dst = append(dst, `,"kept_paragraph":`...)
		dst = appendInt(dst, r.keptParagraph)
	}
	if r.hasScore {
		dst = append(dst, `,"score":`...)
		dst = appendFloat(dst, r.score)
	}
	if r.reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = appendQuoteString(dst, r.reason)
	}
	if r.src != "" {
		dst = append(dst, `,"file":`...)
		dst = appendQuoteString(dst, r.src)
		dst = append(dst, `,"line":`...)
		dst = appendInt(dst, r.line)
	}
	if r.text != nil {
		dst = append(dst, `,"text":`...)
		dst = appendQuote(dst, r.text)
	}
	return append(dst, "}\n"...)
}

// A writeBehind writes buffers to outputs on its own goroutine, in the
// order they are handed over, so that the ordered stage of a pipeline does
// not wait for write system calls (or compression). Buffers are recycled:
// get returns an empty one, put hands one over and gives up its ownership.
//
// Clean uses it for the spool and the output (pass 2) and for the log
// (pass 3), where the ordered stage is the bottleneck: on the 200 MB corpus
// of bench.sh (2 cores) the ordered stage of pass 2 took 0.41 s of CPU
// instead of 0.71 s, that of pass 3 0.11 s instead of 0.34 s, and pass 3
// 0.58-0.62 s of wall time instead of 0.69-0.80 s.
type writeBehind struct {
	jobs chan writeJob
	free chan []byte
	done chan struct{}
	err  atomic.Pointer[error] // the first write error
}

type writeJob struct {
	w io.Writer
	b []byte
}

func newWriteBehind() *writeBehind {
	wb := &writeBehind{jobs: make(chan writeJob, 4), free: make(chan []byte, 8), done: make(chan struct{})}
	go func() {
		defer close(wb.done)
		for j := range wb.jobs {
			if wb.err.Load() == nil {
				if _, err := j.w.Write(j.b); err != nil {
					wb.err.Store(&err)
				}
			}
			select {
			case wb.free <- j.b[:0]:
			default:
			}
		}
	}()
	return wb
}

// get returns an empty buffer.
func (wb *writeBehind) get() []byte {
	select {
	case b := <-wb.free:
		return b
	default:
		return nil
	}
}

// put hands b over to be written to w, and returns the first write error
// so far.
func (wb *writeBehind) put(w io.Writer, b []byte) error {
	if len(b) > 0 {
		wb.jobs <- writeJob{w, b}
	}
	return wb.error()
}

func (wb *writeBehind) error() error {
	if p := wb.err.Load(); p != nil {
		return *p
	}
	return nil
}

// close waits for the buffers handed over to be written and returns the
// first write error.
func (wb *writeBehind) close() error {
	close(wb.jobs)
	<-wb.done
	return wb.error()
}
