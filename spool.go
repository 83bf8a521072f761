package dedupe

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/s2"
	"github.com/neardup/dedupe/internal/chunk"
	"github.com/neardup/dedupe/internal/grow"
	"github.com/neardup/dedupe/records"
)

// The spool is the temporary file between the last pass over the input and
// the verification pass of "clean -verify exact": one entry per input
// document, in input order, holding what will be written for it (its output
// record and its paragraph log records, computed once in pass 2) and what
// the verification needs (its lsh id and where its cleaned text is in the
// output record). Each entry is
//
//	kind      byte: spoolFinal, spoolOut, spoolDoc or spoolCopy
//	lsh       uvarint: the document's lsh id (spoolDoc), or that of the
//	          earlier document with the same cleaned text (spoolCopy)
//	size      uvarint: input bytes of the document (for progress)
//	tlen      uvarint: bytes of cleaned text
//	pos       uvarint: the document's input position (see positions)
//	id        uvarint length, bytes
//	line      uvarint length, then the bytes if the spool is inline: the
//	          output record with its newline (none for spoolFinal and
//	          spoolCopy, which are never written)
//	text      uvarint start, uvarint end: the JSON string of the cleaned
//	          text in line
//	log       uvarint length, bytes: the removal log records written with
//	          the document (paragraphs if it stays; the whole log of a
//	          spoolFinal entry), without the document's id (spoollog.go)
//	mark      uvarint length, bytes: with Options.Mark, the record written
//	          (the input record and its findings); else empty
//
// When OUT is an uncompressed file, pass 2 writes the output records to it
// directly, in input order, as if every document stayed, and the spool is
// not inline: it holds the records' lengths, from which the reader computes
// their offsets in OUT. Pass 3 then reads the texts it verifies from OUT and
// closes the gaps of the documents it removes (compact.go). The output is
// written once, not twice, and the spool is a quarter of the size. For
// standard output or a compressed OUT the spool is inline and pass 3
// writes OUT from it.
//
// A spool that is not inline is compressed, in the S2 stream format
// (klauspost/compress/s2, a dependency already; CRC-checked blocks of at
// most 1 MB). On the README's documentation corpus it was 1.01 GB and is 98 MB
// of temporary disk: its entries are mostly removal log records, which
// repeat their field names and reasons. The time is the same within the
// noise (seven interleaved pairs: wall 23.5-25.9 s against 23.7-27.8 s,
// 1 s more of user time, 0.5 s less of system time). An inline spool
// (1.75 GB there, with the output records) is not compressed: the output
// to compress is then what takes the cores, and compressing the spool
// too (to 366 MB, with S2's index for the texts read back at their
// offsets) took two pairs of runs 28.4 and 30.3 s instead of 28.1 and
// 27.7 s, with 4-6 s more CPU time.
//
// The spool lives in Options.TempDir and is removed at the end of the run.
const (
	spoolFinal byte = iota // decided in pass 2: write log only
	spoolOut               // kept, not subject to de-duplication (no shingles)
	spoolDoc               // in the lsh index: kept unless verification finds an earlier kept match
	spoolCopy              // same cleaned text as an earlier document
)

// spoolInfo is the part of a spool entry that the record does not already
// hold (the rest: its id, size, output line and the text's span in it).
type spoolInfo struct {
	kind byte
	lsh  uint32
	tlen int
	pos  uint64 // input position (see positions)
	log  []byte
	mark []byte // with Options.Mark: the record to write (see markDoc)
}

// A spoolEntry is one entry read back from the spool.
type spoolEntry struct {
	spoolInfo
	ord     int
	id      string
	size    int
	raw     []byte       // the output line, if the spool is inline
	lineOff int64        // and its offset in the spool file
	textVal records.Span // the text's encoding in the output line
	lineLen int          // the length of the output line
	off     int64        // its offset in OUT, when the spool is not inline
	chunk   *chunk.Chunk // holds raw and log, see Release
}

// Decode implements item: a spool entry needs no parsing.
func (e *spoolEntry) Decode() error { return nil }

// Release implements item: it drops the entry's reference to its chunk,
// and its views of it.
func (e *spoolEntry) Release() {
	if e.chunk != nil {
		e.chunk.Release()
		e.chunk = nil
	}
	e.raw = nil
	e.log = nil
	e.mark = nil
}

func spoolSize(e *spoolEntry) int { return e.size }

var errSpool = errors.New("corrupt spool file")

// A spoolWriter appends entries to the spool file. It is not safe for
// concurrent use. Entries are collected in buf and written, 1 MB at a
// time, by a writeBehind, so that the ordered stage of pass 2 does not wait
// for the write system calls.
type spoolWriter struct {
	f      *os.File
	w      io.Writer  // f, or zw
	zw     *s2.Writer // compresses into f when the spool is not inline
	temps  *records.Temps
	wb     *writeBehind
	buf    []byte
	inline bool // the output records are in the spool
	n      int  // entries added
}

const spoolBuffer = 1 << 20

// createSpool creates the spool in dir, registered in temps; inline says
// whether it holds the output records.
func createSpool(dir string, temps *records.Temps, inline bool) (*spoolWriter, error) {
	f, err := temps.Create(dir, ".dedupe-spool-*")
	if err != nil {
		return nil, err
	}
	s := &spoolWriter{f: f, temps: temps, wb: newWriteBehind(), inline: inline}
	s.w = f
	if !inline {
		// One goroutine, the writeBehind's, compresses while the passes
		// work: more would take the cores from them. With a concurrency
		// of 1 the writer starts no goroutine of its own, so a spool
		// abandoned on an error needs no Close.
		s.zw = s2.NewWriter(f, s2.WriterConcurrency(1))
		s.w = s.zw
	}
	return s, nil
}

func (s *spoolWriter) name() string { return s.f.Name() }

// remove closes and deletes the spool. The run defers it: the spool is
// deleted even when the panic of a writer unwinds the stack, and the
// writeBehind, closed if finish did not, raises that panic only if it was
// not raised before.
func (s *spoolWriter) remove() {
	defer func() {
		s.f.Close()
		os.Remove(s.f.Name())
		s.temps.Drop(s.f.Name())
	}()
	if wb := s.wb; wb != nil {
		s.wb = nil
		wb.close()
	}
}

// add appends the entry of d.
func (s *spoolWriter) add(d *records.Record, in spoolInfo, line []byte, text records.Span) error {
	b := s.buf
	if b == nil {
		b = s.wb.get()
	}
	b = append(b, in.kind)
	b = binary.AppendUvarint(b, uint64(in.lsh))
	b = binary.AppendUvarint(b, uint64(d.Size))
	b = binary.AppendUvarint(b, uint64(in.tlen))
	b = binary.AppendUvarint(b, in.pos)
	b = binary.AppendUvarint(b, uint64(len(d.ID)))
	b = append(b, d.ID...)
	b = binary.AppendUvarint(b, uint64(len(line)))
	if s.inline {
		b = append(b, line...)
	}
	b = binary.AppendUvarint(b, uint64(text.Start))
	b = binary.AppendUvarint(b, uint64(text.End))
	b = binary.AppendUvarint(b, uint64(len(in.log)))
	b = append(b, in.log...)
	b = binary.AppendUvarint(b, uint64(len(in.mark)))
	b = append(b, in.mark...)
	s.buf = b
	s.n++
	if len(b) < spoolBuffer {
		return nil
	}
	s.buf = nil
	return s.wb.put(s.w, b)
}

// finish writes the spool and returns its size.
func (s *spoolWriter) finish() (int64, error) {
	err := s.wb.put(s.w, s.buf) // if it panics, remove closes s.wb
	s.buf = nil
	wb := s.wb
	s.wb = nil // closed here, even if close panics: not again by remove
	if cerr := wb.close(); err == nil {
		err = cerr
	}
	if s.zw != nil && err == nil {
		err = s.zw.Close() // after wb.close: its goroutine wrote to zw
	}
	if err != nil {
		return 0, err
	}
	return s.f.Seek(0, io.SeekCurrent)
}

// A spoolReader reads the entries of a spool back.
type spoolReader struct {
	r      *countReader
	inline bool
	alloc  *chunk.Alloc
	id     []byte
	off    int64 // of the next output record in OUT
}

// readSpool reads the spool at path, of n entries (spoolWriter.n), and
// calls fn for each entry: its output line is in raw if the spool is
// inline, else at off in OUT. An error reading the spool's entries, or a
// spool that ends before its n-th entry or goes on after it, names path
// and wraps errSpool (failing to open it is the *fs.PathError of
// os.Open); fn's errors are returned as they are.
func readSpool(path string, inline bool, n int, fn func(e *spoolEntry) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	// The line and the log of an entry are read into recycled chunks, the
	// id into scratch.
	var src io.Reader = f
	if !inline {
		src = s2.NewReader(f)
	}
	sr := &spoolReader{r: &countReader{r: bufio.NewReaderSize(src, 1<<20)}, inline: inline, alloc: chunk.NewAlloc(chunk.NewPool(32))}
	defer sr.alloc.Done()
	for ord := 0; ; ord++ {
		kind, err := sr.r.ReadByte()
		switch {
		case err == io.EOF && ord == n:
			return nil
		case err == io.EOF:
			return fmt.Errorf("%s: %w: it ends after %d of its %d entries", path, errSpool, ord, n)
		case err != nil:
			// a read error, or a block of a compressed spool that fails
			// its check
			return fmt.Errorf("%s: %w: %v", path, errSpool, err)
		case ord == n:
			return fmt.Errorf("%s: %w: more than its %d entries", path, errSpool, n)
		}
		e := &spoolEntry{ord: ord}
		e.kind = kind
		if err := sr.entry(e); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}

// entry reads the rest of an entry after its kind.
func (sr *spoolReader) entry(e *spoolEntry) error {
	var v [3]int
	for i := range v {
		var err error
		if v[i], err = sr.uvarint(); err != nil {
			return err
		}
	}
	e.lsh, e.size, e.tlen = uint32(v[0]), v[1], v[2]
	pos, err := binary.ReadUvarint(sr.r)
	if err != nil {
		return fmt.Errorf("%w: %v", errSpool, noEOF(err))
	}
	e.pos = pos
	n, err := sr.uvarint()
	if err != nil {
		return err
	}
	sr.id = grow.Len(sr.id, n)
	if err := sr.full(sr.id); err != nil {
		return err
	}
	e.id = string(sr.id)
	if e.lineLen, err = sr.uvarint(); err != nil {
		return err
	}
	if sr.inline {
		e.lineOff = sr.r.n
		e.raw, e.chunk = sr.alloc.New(e.lineLen)
		if err := sr.full(e.raw); err != nil {
			return err
		}
	} else {
		e.off = sr.off
		sr.off += int64(e.lineLen)
	}
	if e.textVal.Start, err = sr.uvarint(); err != nil {
		return err
	}
	if e.textVal.End, err = sr.uvarint(); err != nil {
		return err
	}
	if e.textVal.Start > e.textVal.End || e.textVal.End > e.lineLen {
		return errSpool
	}
	if n, err = sr.uvarint(); err != nil {
		return err
	}
	if e.chunk == nil {
		e.log, e.chunk = sr.alloc.New(n)
	} else {
		e.log = sr.alloc.More(e.chunk, n)
	}
	if err := sr.full(e.log); err != nil {
		return err
	}
	if n, err = sr.uvarint(); err != nil || n == 0 {
		return err
	}
	e.mark = sr.alloc.More(e.chunk, n)
	return sr.full(e.mark)
}

func (sr *spoolReader) uvarint() (int, error) {
	v, err := binary.ReadUvarint(sr.r)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errSpool, noEOF(err))
	}
	if v > 1<<40 {
		return 0, errSpool
	}
	return int(v), nil
}

func (sr *spoolReader) full(b []byte) error {
	if _, err := io.ReadFull(sr.r, b); err != nil {
		return fmt.Errorf("%w: %v", errSpool, noEOF(err))
	}
	return nil
}

// noEOF turns io.EOF into io.ErrUnexpectedEOF: the end of a stream in the
// middle of a value.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
