package records

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// An Output is a file written to a temporary name beside its final path and
// renamed when Commit is called, so that a failed or interrupted run never
// leaves a half-written file. A name ending in .gz, .zst or .zstd is
// compressed. The path "-" writes to OutputOptions.Stdout instead.
//
// An Output is a Sink: it encodes records with its Encoder. An Output whose
// Encoder is Parquet writes a Parquet file (see ParquetWriter). It is not
// safe for concurrent use, except AppendRecord and AppendText.
type Output struct {
	path  string
	enc   Encoder
	temps *Temps
	tmp   *os.File
	w     *bufio.Writer
	zw    io.WriteCloser
}

// OutputOptions configure Create. The zero value writes JSON Lines to a
// file, or to os.Stdout for "-".
type OutputOptions struct {
	Encoder Encoder   // nil means Parquet{} for a .parquet path, else JSONL{}
	Stdout  io.Writer // written for the path "-"; nil means os.Stdout
	Temps   *Temps    // registers the temporary file; nil means none
}

// Create starts writing the output at path.
func Create(path string, opts OutputOptions) (*Output, error) {
	o := &Output{path: path, enc: opts.Encoder, temps: opts.Temps}
	if o.enc == nil {
		o.enc = defaultEncoder(path) // JSONL, or Parquet for .parquet (formats.go)
	}
	var dst io.Writer
	if path == "-" {
		dst = opts.Stdout
		if dst == nil {
			dst = os.Stdout
		}
	} else {
		dir, base := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		f, err := o.temps.Create(dir, "."+base+".tmp*")
		if err != nil {
			return nil, err
		}
		// CreateTemp makes the file private; the output is an ordinary file.
		if err := f.Chmod(0o644); err != nil {
			o.tmp = f
			o.Abort()
			return nil, err
		}
		o.tmp, dst = f, f
	}
	lower := strings.ToLower(path)
	fw, err := formatWriter(dst, o.enc, path) // Parquet (formats.go)
	switch {
	case err != nil:
		o.Abort()
		return nil, err
	case fw != nil:
		o.zw = fw
		dst = fw
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

// Path returns the final path of the output.
func (o *Output) Path() string { return o.path }

func (o *Output) Write(p []byte) (int, error) { return o.w.Write(p) }

// AppendRecord implements Encoder with the output's encoder.
func (o *Output) AppendRecord(dst []byte, r *Record, text []byte) ([]byte, Span) {
	return o.enc.AppendRecord(dst, r, text)
}

// AppendText implements Encoder with the output's encoder.
func (o *Output) AppendText(dst, enc []byte) []byte { return o.enc.AppendText(dst, enc) }

// File returns the temporary file when the output is an uncompressed file,
// whose bytes can be read back, moved and truncated (after Flush) before
// Commit; else nil.
func (o *Output) File() *os.File {
	if o.zw != nil {
		return nil
	}
	return o.tmp
}

// Flush writes the buffered bytes to the file (or the compressor).
func (o *Output) Flush() error { return o.w.Flush() }

// Commit flushes the output and renames it to its final path. Errors name
// the final path.
func (o *Output) Commit() error {
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
	o.temps.Drop(o.tmp.Name())
	o.tmp = nil
	if err != nil {
		return fmt.Errorf("writing %s: %w", o.path, err)
	}
	return nil
}

// Abort removes the temporary file; it is a no-op after Commit and on a nil
// Output.
func (o *Output) Abort() {
	if o == nil || o.tmp == nil {
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
	o.temps.Drop(o.tmp.Name())
	o.tmp = nil
}

// Temps is a set of temporary files that a program removes when it is
// interrupted: outputs before their rename, spools, the copy of standard
// input. Files are registered while they exist. A nil *Temps creates files
// without registering them. A Temps is safe for concurrent use.
type Temps struct {
	mu      sync.Mutex
	paths   map[string]bool
	stopped bool
}

// NewTemps returns an empty set.
func NewTemps() *Temps { return &Temps{paths: map[string]bool{}} }

// Create creates a new temporary file in dir (os.TempDir() if empty) with
// os.CreateTemp and registers it.
func (t *Temps) Create(dir, pattern string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil || t == nil {
		return f, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("creating a temporary file: stopped")
	}
	t.paths[f.Name()] = true
	return f, nil
}

// Drop unregisters path, renamed or removed.
func (t *Temps) Drop(path string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	delete(t.paths, path)
	t.mu.Unlock()
}

// RemoveAll removes every registered file and makes later Creates fail:
// for a program that is about to exit.
func (t *Temps) RemoveAll() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	for p := range t.paths {
		os.Remove(p)
	}
	t.paths = map[string]bool{}
}
