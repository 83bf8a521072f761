package records

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
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
	lock  *os.File // held on .NAME.lock while the output is written
	path  string
	dst   string // the file written: path, or where its symbolic link leads
	enc   Encoder
	temps *Temps
	tmp   *os.File
	w     *bufio.Writer
	zw    io.WriteCloser
	done  bool // the temporary file is written and closed (finish)
}

// OutputOptions configure Create. The zero value writes JSON Lines to a
// file, or to os.Stdout for "-".
type OutputOptions struct {
	Encoder Encoder   // nil means Parquet{} for a .parquet path, else JSONL{}
	Stdout  io.Writer // written for the path "-"; nil means os.Stdout
	Temps   *Temps    // registers the temporary file; nil means none
}

// Create starts writing the output at path, which must be a new path or a
// regular file (not a folder, a device or a pipe: "-" writes to standard
// output). It takes a lock on path for the life of the Output (a hidden
// file .NAME.lock beside it), so that a second Create of the same path,
// by this process or another, fails at once instead of two runs writing
// one output.
//
// A file that exists is replaced with its permissions kept (a new one is
// 0644), and a path that is a symbolic link writes the file it leads to,
// as a shell's redirection does: the link stays, and the lock is that
// file's. (A file's other hard links keep the old content.)
func Create(path string, opts OutputOptions) (*Output, error) {
	o := &Output{path: path, dst: path, enc: opts.Encoder, temps: opts.Temps}
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
		mode := os.FileMode(0o644)
		if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file (%s); write to a file, or to - for standard output", path, fileKind(fi))
		} else if err == nil {
			mode = fi.Mode().Perm()
			if o.dst, err = filepath.EvalSymlinks(path); err != nil {
				return nil, err
			}
		}
		dir, base := filepath.Split(o.dst)
		if dir == "" {
			dir = "."
		}
		hidden := hiddenName(base)
		lock, err := o.temps.lock(filepath.Join(dir, hidden+".lock"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		o.lock = lock
		f, err := o.temps.Create(dir, hidden+".tmp*")
		if err != nil {
			o.unlock()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		// CreateTemp makes the file private: the output has the mode of
		// the file it replaces, or that of an ordinary file.
		if err := f.Chmod(mode); err != nil {
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

func (o *Output) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	return n, o.wrap(err)
}

// wrap names the output's final path in err, rather than its temporary
// file.
func (o *Output) wrap(err error) error {
	if err == nil {
		return nil
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("writing %s: %w", o.path, err)
}

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
func (o *Output) Flush() error { return o.wrap(o.w.Flush()) }

// Commit flushes the output and renames it to its final path. Errors name
// the final path.
func (o *Output) Commit() error {
	if err := o.finish(); err != nil {
		return err
	}
	return o.rename()
}

// finish writes what the output buffers and closes its temporary file: after
// it, only the rename can fail. On error the temporary file is removed.
func (o *Output) finish() error {
	err := o.w.Flush()
	if o.zw != nil {
		if cerr := o.zw.Close(); err == nil {
			err = cerr
		}
		o.zw = nil
	}
	if o.tmp == nil || o.done {
		return o.wrap(err)
	}
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	o.done = true
	if err != nil {
		o.Abort()
	}
	return o.wrap(err)
}

// rename puts the finished output in place.
func (o *Output) rename() error {
	if o.tmp == nil {
		return nil
	}
	err := os.Rename(o.tmp.Name(), o.dst)
	if err != nil {
		os.Remove(o.tmp.Name())
	}
	o.temps.Drop(o.tmp.Name())
	o.tmp = nil
	o.unlock()
	return o.wrap(err)
}

// hiddenName is the start of the names of the lock and temporary files of
// an output named base: ".base", or for a name too long to take the
// suffixes (".lock", ".tmp" and up to 10 digits) within the 255 bytes
// that file systems allow, its start and a hash of the whole, so that a
// valid name of up to 255 bytes can be written.
func hiddenName(base string) string {
	const room = 255 - len(".tmp") - 10
	if len(base)+1 <= room {
		return "." + base
	}
	cut := room - 1 - 17 // ".", "~" and 16 hex digits
	for cut > 0 && !utf8.RuneStart(base[cut]) {
		cut--
	}
	return fmt.Sprintf(".%s~%016x", base[:cut], xxhash.Sum64String(base))
}

// unlock releases the output's lock and removes the lock file.
func (o *Output) unlock() {
	if o.lock != nil {
		os.Remove(o.lock.Name())
		o.temps.Drop(o.lock.Name())
		o.lock.Close()
		o.lock = nil
	}
}

// fileKind names the type of a file that is not regular.
func fileKind(fi os.FileInfo) string {
	switch m := fi.Mode(); {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}

// Commit commits outputs in order, as one unit for the program's
// interrupt handler: Temps.RemoveAll waits until every one is committed
// (or failed). Each output is written out (finish) before any is renamed,
// so that an error writing one (a full disk) leaves every previous file in
// place. Commit the removal log before the output it belongs to, so that
// no interruption, even SIGKILL, leaves an output without its log. It
// stops at the first error; the caller aborts the outputs.
func Commit(outputs ...*Output) error {
	var t *Temps
	for _, o := range outputs {
		if o.temps != nil {
			t = o.temps
		}
	}
	if t != nil {
		t.commit.Lock()
		defer t.commit.Unlock()
	}
	// Every output written out first, then renamed: a full disk found when
	// the output's last buffer is written must not leave the log renamed
	// beside the previous output.
	for _, o := range outputs {
		if err := o.finish(); err != nil {
			return err
		}
	}
	for _, o := range outputs {
		if err := o.rename(); err != nil {
			return err
		}
	}
	return nil
}

// Abort removes the temporary file; it is a no-op after Commit and on a nil
// Output.
func (o *Output) Abort() {
	if o == nil {
		return
	}
	if o.tmp == nil {
		o.unlock()
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
	o.temps.Drop(o.tmp.Name())
	o.tmp = nil
	o.unlock()
}

// Temps is a set of temporary files that a program removes when it is
// interrupted: outputs before their rename, spools, the copy of standard
// input. Files are registered while they exist. A nil *Temps creates files
// without registering them. A Temps is safe for concurrent use.
type Temps struct {
	commit  sync.Mutex // held by Commit and RemoveAll
	mu      sync.Mutex
	paths   map[string]bool // true for a folder, removed with what it holds
	stopped bool
}

// NewTemps returns an empty set.
func NewTemps() *Temps { return &Temps{paths: map[string]bool{}} }

// Create creates a new temporary file in dir (os.TempDir() if empty) with
// os.CreateTemp and registers it.
func (t *Temps) Create(dir, pattern string) (*os.File, error) {
	if t == nil {
		return os.CreateTemp(dir, pattern)
	}
	// Under the lock: RemoveAll, then the program's exit, cannot come
	// between the file's creation and its registration.
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return nil, fmt.Errorf("creating a temporary file: stopped")
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	t.paths[f.Name()] = false
	return f, nil
}

// MkdirTemp creates a new temporary folder in dir (os.TempDir() if empty)
// with os.MkdirTemp and registers it: RemoveAll removes it with what it
// holds. Drop unregisters it.
func (t *Temps) MkdirTemp(dir, pattern string) (string, error) {
	if t == nil {
		return os.MkdirTemp(dir, pattern)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return "", fmt.Errorf("creating a temporary folder: stopped")
	}
	name, err := os.MkdirTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	t.paths[name] = true
	return name, nil
}

// lock takes the lock of lockPath at path and registers its file.
func (t *Temps) lock(path string) (*os.File, error) {
	if t == nil {
		return lockPath(path)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return nil, fmt.Errorf("locking: stopped")
	}
	f, err := lockPath(path)
	if err == nil {
		t.paths[path] = false
	}
	return f, err
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
// for a program that is about to exit. It waits for a Commit under way.
func (t *Temps) RemoveAll() {
	if t == nil {
		return
	}
	t.commit.Lock()
	defer t.commit.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	for p, folder := range t.paths {
		if folder {
			os.RemoveAll(p)
		} else {
			os.Remove(p)
		}
	}
	t.paths = map[string]bool{}
}
