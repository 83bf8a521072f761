package records

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/neardup/dedupe/internal/chunk"
)

// A Source is a corpus of records that can be read more than once, in the
// same order each time.
type Source interface {
	// Each calls fn with every record of the source in order, with Ord
	// counting from 0, and stops at the first error fn returns (returning
	// it). Records may need Decode before their fields are set; fn owns
	// each record it is given.
	Each(fn func(*Record) error) error
}

// Files is a Source reading files, folders and standard input:
//
//   - a JSON Lines file (.jsonl, .ndjson or .json, optionally followed by
//     .gz, .zst or .zstd; compression is detected from the content): one
//     record per non-blank line, an object with an id, a text, and
//     optionally a url and a site (see Fields); other members are carried
//     through to the output unchanged;
//   - "-": JSON Lines, or a WARC or WET file, on standard input (copied to
//     a temporary file, as JSON Lines is read or, for WARC, first, so that
//     the source can be read again; errors name it "stdin"); a named pipe
//     or other file that is not a regular file is read in the same way,
//     named by its path;
//   - a Parquet file (starting with "PAR1", or named .parquet): one record
//     per row (Line is the row number), its text, id (a string or integer
//     column), url and site read from the top-level columns named by
//     Fields, every column carried through to a Parquet output (Parquet);
//   - a WARC or WET file, plain or with a gzip member per record (starting
//     with WARC/1.0 or WARC/1.1, or named .warc, .wet, .warc.gz, .wet.gz):
//     one record per conversion record, with id WARC-Record-ID, url
//     WARC-Target-URI and the content as text; other records (warcinfo,
//     response, metadata...) are skipped, but counted in Line, which is the
//     record's number;
//   - any other file: one plain text document whose id is its path;
//   - a folder: its files in sorted order, each as above, skipping names
//     that start with "." and following symbolic links (see WalkFolder).
//
// The zero value reads nothing; set Paths. A Files must not be copied after
// first use. Each may not run concurrently with itself.
type Files struct {
	Paths  []string
	Fields Fields
	// SkipBad hands malformed records over with Bad set (see Record)
	// instead of failing.
	SkipBad bool
	// MaxBytes is the largest record (a JSON Lines line, or a plain text
	// file) read, in bytes; 0 means DefaultMaxBytes, a negative value no
	// limit. A larger one is an error wrapping ErrTooLarge, or with SkipBad
	// a record with Bad set and TooLarge; it is never read whole into
	// memory first.
	MaxBytes int
	// Stdin is read for "-"; nil means os.Stdin.
	Stdin io.Reader
	// Temps registers the copy of standard input, so that an interrupted
	// program can remove it; nil means a set of its own.
	Temps *Temps

	exclude  []os.FileInfo
	streams  map[string]stream // by input: "-", or the path of a named pipe
	pool     *chunk.Pool
	poolOnce sync.Once
	// The corpus as the first reading found it, for the next readings to
	// read the same one (see same): each folder's files, and each file's
	// size and time of modification.
	walked map[string][]string
	seen   map[string]fileState
}

// fileState is what tells a file changed between two readings.
type fileState struct {
	size int64
	mod  time.Time
}

// DefaultMaxBytes is the default Files.MaxBytes: 64 MiB, above the largest
// documents of real corpora (a 41 MB dictionary among 34 Debian
// documentation packages), below what makes one document cost gigabytes.
const DefaultMaxBytes = 64 << 20

func (f *Files) maxBytes() int {
	switch {
	case f.MaxBytes == 0:
		return DefaultMaxBytes
	case f.MaxBytes < 0:
		return 0
	}
	return f.MaxBytes
}

// Exclude makes reading path (an output, say) an error, whatever name it is
// given as an input. A path that does not exist yet is ignored.
func (f *Files) Exclude(path string) {
	if path == "" || path == "-" {
		return
	}
	if fi, err := os.Stat(path); err == nil {
		f.exclude = append(f.exclude, fi)
	}
}

// A stream is an input that can be read only once (standard input, a
// named pipe), once read whole: its copy in a temporary file and its
// format, "" (JSON Lines) or "warc".
type stream struct{ copy, format string }

// Close removes the copies of standard input and of named pipes, if any.
func (f *Files) Close() error {
	var errs []error
	for _, s := range f.streams {
		errs = append(errs, os.Remove(s.copy))
		f.temps().Drop(s.copy)
	}
	f.streams = nil
	return errors.Join(errs...)
}

func (f *Files) temps() *Temps {
	if f.Temps == nil {
		f.Temps = NewTemps()
	}
	return f.Temps
}

// Size returns the total size of the inputs if every one is an
// uncompressed regular file (so that bytes read can be compared with it),
// else 0.
func (f *Files) Size() int64 {
	var total int64
	for _, in := range f.Paths {
		fi, err := os.Stat(in)
		if err != nil || !fi.Mode().IsRegular() {
			return 0
		}
		fh, err := os.Open(in)
		if err != nil {
			return 0
		}
		var head [8]byte
		n, _ := io.ReadFull(fh, head[:])
		fh.Close()
		if bytes.HasPrefix(head[:n], gzipMagic) || isZstd(head[:n]) ||
			sizeless(head[:n]) { // Parquet, WARC (formats.go)
			return 0
		}
		total += fi.Size()
	}
	return total
}

// Each implements Source.
func (f *Files) Each(fn func(*Record) error) error {
	f.poolOnce.Do(func() { f.pool = chunk.NewPool(32) })
	if n := countStdin(f.Paths); n > 1 {
		return errors.New("standard input (-) given twice")
	}
	r := fileReader{Files: f, alloc: chunk.NewAlloc(f.pool), dec: &decoder{fields: f.Fields.withDefaults(), skipBad: f.SkipBad}}
	defer r.alloc.Done()
	ord := 0
	r.fn = func(d *Record) error {
		d.Ord = ord
		ord++
		return fn(d)
	}
	for _, in := range f.Paths {
		if err := r.input(in); err != nil {
			return err
		}
	}
	return nil
}

func countStdin(paths []string) int {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	return n
}

// fileReader is one reading of a Files.
type fileReader struct {
	*Files
	alloc *chunk.Alloc
	dec   *decoder
	fn    func(*Record) error
}

func (r *fileReader) input(in string) error {
	if in == "-" {
		stdin := r.Stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		return r.stream("-", "stdin", func() (io.ReadCloser, error) { return io.NopCloser(stdin), nil })
	}
	fi, err := os.Stat(in)
	if err != nil {
		return err
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		// A named pipe (<(zcat corpus.jsonl.gz)) or a device: read once,
		// as standard input is, not sniffed and then read again as a file
		// (which lost its first bytes, and all of it in the next pass).
		if err := r.check(in, fi); err != nil {
			return err
		}
		return r.stream(in, in, func() (io.ReadCloser, error) { return os.Open(in) })
	}
	if !fi.IsDir() {
		return r.file(in, fi)
	}
	if files, ok := r.walked[in]; ok { // the files the first reading found
		for _, p := range files {
			fi, err := os.Stat(p)
			if err != nil {
				return fmt.Errorf("%w (it was in %s at the first reading of the input)", err, in)
			}
			if err := r.file(p, fi); err != nil {
				return err
			}
		}
		return nil
	}
	var files []string
	err = WalkFolder(in, func(p string, fi os.FileInfo) error {
		files = append(files, p)
		return r.file(p, fi)
	})
	if err == nil {
		if r.walked == nil {
			r.walked = map[string][]string{}
		}
		r.walked[in] = files
	}
	return err
}

// same checks that the file at path, with fi, is as the first reading of
// the input found it, and notes it if this is the first. A run reads its
// input up to three times (to learn, to clean, for a report): a file cut
// or rewritten between two readings made the second read fewer documents
// than the first learned from, with exit status 0, and a file added to an
// input folder (the run's own output, say) was read by the report only.
func (r *fileReader) same(path string, fi os.FileInfo) error {
	st := fileState{fi.Size(), fi.ModTime()}
	if r.seen == nil {
		r.seen = map[string]fileState{}
	}
	was, ok := r.seen[path]
	if !ok {
		r.seen[path] = st
		return nil
	}
	if was.size != st.size || !was.mod.Equal(st.mod) {
		return fmt.Errorf("%s: changed since the first reading of the input (%d bytes modified %s, now %d bytes modified %s): a run reads its input more than once; give it files that do not change",
			path, was.size, was.mod.Format(time.RFC3339), st.size, st.mod.Format(time.RFC3339))
	}
	return nil
}

// WalkFolder calls fn for each file of the folder dir that Files reads:
// the regular files of dir and its subfolders, in sorted order (that of
// filepath.WalkDir), skipping the files and folders whose names start
// with ".". Symbolic links are followed, dir included: a link to a file is
// read as the file (under the link's path), a link to a folder is walked
// in its place, unless it leads back to a folder the walk is in (a
// cycle); a link that leads nowhere is skipped. An error of fn stops the
// walk and is returned.
func WalkFolder(dir string, fn func(path string, fi os.FileInfo) error) error {
	root := dir
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		root = dir + string(filepath.Separator) // WalkDir does not follow a root link, but does "link/"
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			switch {
			case err != nil: // leads nowhere
				return nil
			case fi.IsDir():
				if inside(path, fi) {
					return nil
				}
				return WalkFolder(path, fn)
			case fi.Mode().IsRegular():
				return fn(path, fi)
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
		return fn(path, fi)
	})
}

// inside reports whether the folder dir, which path links to, is one of the
// folders that hold path: a link that would make the walk a cycle.
func inside(path string, dir os.FileInfo) bool {
	for p := filepath.Dir(path); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, dir) {
			return true
		}
		if next := filepath.Dir(p); next == p {
			return false
		}
	}
}

func (r *fileReader) check(path string, fi os.FileInfo) error {
	for _, o := range r.exclude {
		if os.SameFile(o, fi) {
			return fmt.Errorf("%s: is also an output; write the output elsewhere", path)
		}
	}
	return nil
}

// IsJSONL reports whether a file name says JSON Lines (.jsonl, .ndjson or
// .json, optionally compressed).
func IsJSONL(name string) bool {
	name = strings.ToLower(name)
	for _, ext := range []string{".gz", ".zst", ".zstd"} {
		name = strings.TrimSuffix(name, ext)
	}
	return strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson") ||
		strings.HasSuffix(name, ".json")
}

func (r *fileReader) file(path string, fi os.FileInfo) error {
	if err := r.check(path, fi); err != nil {
		return err
	}
	if err := r.same(path, fi); err != nil {
		return err
	}
	if read := r.formatReader(path); read != nil { // Parquet, WARC (formats.go)
		return read(path)
	}
	rc, err := Open(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	if IsJSONL(path) {
		return r.jsonl(rc, path)
	}
	max := r.maxBytes()
	var text []byte
	if max > 0 && fi.Size() > int64(max) {
		err = tooLarge(fi.Size(), max)
	} else {
		text, err = readMax(rc, max)
	}
	if errors.Is(err, ErrTooLarge) {
		if !r.SkipBad {
			return fmt.Errorf("%s: %w", path, err)
		}
		return r.fn(&Record{ID: path, File: path, Size: int(fi.Size()), Bad: err.Error(), TooLarge: true})
	}
	if err != nil {
		return err
	}
	d := &Record{ID: path, File: path, Size: len(text)}
	d.SetText(bytes.TrimPrefix(text, bom))
	return r.fn(d)
}

// bom is the UTF-8 byte order mark, which some tools write at the start of
// a text file: it is not part of the first record or of the text.
var bom = []byte{0xEF, 0xBB, 0xBF}

// skipBOM returns r without a leading byte order mark.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, _ := br.Peek(len(bom)); bytes.Equal(b, bom) {
		br.Discard(len(bom))
	}
	return br
}

func tooLarge(n int64, max int) error {
	return fmt.Errorf("%w: document of %d bytes or more (the limit is %d)", ErrTooLarge, n, max)
}

// readMax reads r to its end, or up to max bytes and then fails with
// ErrTooLarge (max 0: no limit).
func readMax(r io.Reader, max int) ([]byte, error) {
	if max <= 0 {
		return io.ReadAll(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err == nil && len(b) > max {
		return nil, tooLarge(int64(len(b)), max)
	}
	return b, err
}

// stream reads the input key (named name in errors and records), which
// can be read only once, from open the first time, copying it to a
// temporary file (as it goes for JSON Lines, first for WARC, whose reader
// seeks), and that file afterwards. It holds JSON Lines or a WARC or WET
// file, told by its first bytes (decompressed, if gzip).
func (r *fileReader) stream(key, name string, open func() (io.ReadCloser, error)) error {
	if s, ok := r.streams[key]; ok {
		return r.readCopy(s, name)
	}
	in, err := open()
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := r.temps().Create("", "dedupe-stdin-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
			r.temps().Drop(tmp.Name())
		}
	}()
	br := bufio.NewReaderSize(in, 1<<16)
	format := peekFormat(br) // a read error shows up below
	if format == "parquet" {
		return fmt.Errorf("%s: a Parquet file is read from its path, not from a pipe or standard input", name)
	}
	if format == "" {
		rc, err := Decompress(io.TeeReader(br, tmp), name)
		if err != nil {
			return err
		}
		if err := r.jsonl(rc, name); err != nil {
			return err
		}
	}
	// The rest of the input (all of a WARC file, or what follows a
	// compressed stream's end).
	if _, err := io.Copy(tmp, br); err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	done = true
	s := stream{tmp.Name(), format}
	if r.streams == nil {
		r.streams = make(map[string]stream)
	}
	r.streams[key] = s
	if format == "warc" {
		return r.readCopy(s, name)
	}
	return nil
}

// readCopy reads the copy s of a stream, in its format, naming it name.
func (r *fileReader) readCopy(s stream, name string) error {
	if s.format == "warc" {
		f, err := os.Open(s.copy)
		if err != nil {
			return err
		}
		defer f.Close()
		return r.readWARC(f, name)
	}
	rc, err := Open(s.copy)
	if err != nil {
		return err
	}
	defer rc.Close()
	return r.jsonl(rc, name)
}

// jsonl reads the JSON Lines records of rc, named name in errors.
func (r *fileReader) jsonl(rc io.Reader, name string) error {
	lr := NewLines(skipBOM(rc), name)
	lr.Max = r.maxBytes()
	lr.First = sniffObject
	for {
		line, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		var le *Error
		if errors.As(err, &le) && r.SkipBad {
			// The line was skipped without being buffered.
			d := &Record{File: name, Line: le.Line, ID: fmt.Sprintf("%s:%d", name, le.Line), Bad: le.Err.Error(),
				TooLarge: errors.Is(err, ErrTooLarge)}
			if err := r.fn(d); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		// The line is copied (the reader reuses its buffer) into a
		// recycled chunk, or taken when the reader would drop its
		// buffer, and parsed later by Decode.
		d := &Record{File: name, Line: lr.Line(), Size: len(line) + 1, dec: r.dec}
		if d.raw = lr.takeLong(line); d.raw == nil {
			d.raw, d.chunk = r.alloc.New(len(line))
			copy(d.raw, line)
		}
		if err := r.fn(d); err != nil {
			return err
		}
	}
}

// sniffObject checks that a line starts as a JSON object does, before it is
// buffered: a file of something else (a gigabyte of zeros, say) fails at
// its first bytes.
func sniffObject(prefix []byte) error {
	for i, c := range prefix {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return nil
		}
		return notObject(prefix[i:])
	}
	return nil
}

// notObject is the error for a line that starts with b (after any white
// space) rather than "{": it names the first character, or the first byte
// when b does not start with one in UTF-8 ("starts with 'é'", not the
// Latin-1 reading of its first byte, 'Ã').
func notObject(b []byte) error {
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError && n <= 1 {
		return fmt.Errorf("not a JSON object (starts with byte 0x%02x)", b[0])
	}
	return fmt.Errorf("not a JSON object (starts with %q)", r)
}

// A Slice is a Source of records held in memory. Each hands out a copy of
// each record (a shallow one: the text is shared, and must not be
// modified) with its position in Ord, so that a Slice may hold one record
// twice, and be read by several readers at once. Release does nothing on
// the copies: the Slice's records keep what they hold.
type Slice []*Record

// Each implements Source.
func (s Slice) Each(fn func(*Record) error) error {
	for i, r := range s {
		c := *r
		c.Ord, c.chunk = i, nil
		if err := fn(&c); err != nil {
			return err
		}
	}
	return nil
}

// Texts returns a Slice of plain text documents with the given ids and
// texts (ids[i] for texts[i]) and no site.
func Texts(ids, texts []string) Slice {
	s := make(Slice, len(texts))
	for i, t := range texts {
		s[i] = &Record{ID: ids[i], File: ids[i]}
		s[i].SetText([]byte(t))
		s[i].Size = len(t)
	}
	return slices.Clip(s)
}
