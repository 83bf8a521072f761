package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
//	id        uvarint length, bytes
//	line      uvarint length, then the bytes if the spool is inline: the
//	          output record with its newline (none for spoolFinal and
//	          spoolCopy, which are never written)
//	text      uvarint start, uvarint end: the JSON string of the cleaned
//	          text in line
//	log       uvarint length, bytes: the removal log records written with
//	          the document (paragraphs if it stays; the whole log of a
//	          spoolFinal entry)
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
// The spool lives beside OUT and is removed at the end of the run.
const (
	spoolFinal byte = iota // decided in pass 2: write log only
	spoolOut               // kept, not subject to de-duplication (no shingles)
	spoolDoc               // in the lsh index: kept unless verification finds an earlier kept match
	spoolCopy              // same cleaned text as an earlier document
)

// spoolInfo is the part of a spool entry that a record does not already
// hold (the rest: id in record.id, line in record.raw, text in
// record.textVal, size in record.size).
type spoolInfo struct {
	kind byte
	lsh  uint32
	tlen int
	log  []byte
	// Set by readSpool: the length of the output record, and its offset in
	// OUT when the spool is not inline.
	lineLen int
	off     int64
}

var errSpool = errors.New("corrupt spool file")

// A spoolWriter appends entries to the spool file. It is not safe for
// concurrent use. Entries are collected in buf and written, 1 MB at a
// time, by a writeBehind, so that the ordered stage of pass 2 does not wait
// for the write system calls.
type spoolWriter struct {
	f      *os.File
	wb     *writeBehind
	buf    []byte
	inline bool // the output records are in the spool
}

const spoolBuffer = 1 << 20

// createSpool creates the spool in the folder of out (the temporary folder
// for standard output); inline says whether it holds the output records.
func createSpool(out string, inline bool) (*spoolWriter, error) {
	dir := os.TempDir()
	if out != "-" {
		dir = filepath.Dir(out)
	}
	f, err := os.CreateTemp(dir, ".dedupe-spool-*")
	if err != nil {
		return nil, err
	}
	addTemp(f.Name())
	return &spoolWriter{f: f, wb: newWriteBehind(), inline: inline}, nil
}

func (s *spoolWriter) name() string { return s.f.Name() }

// remove closes and deletes the spool.
func (s *spoolWriter) remove() {
	if s.wb != nil {
		s.wb.close()
		s.wb = nil
	}
	s.f.Close()
	os.Remove(s.f.Name())
	dropTemp(s.f.Name())
}

// add appends one entry.
func (s *spoolWriter) add(d *record, in spoolInfo, line []byte, text span) error {
	b := s.buf
	if b == nil {
		b = s.wb.get()
	}
	b = append(b, in.kind)
	b = binary.AppendUvarint(b, uint64(in.lsh))
	b = binary.AppendUvarint(b, uint64(d.size))
	b = binary.AppendUvarint(b, uint64(in.tlen))
	b = binary.AppendUvarint(b, uint64(len(d.id)))
	b = append(b, d.id...)
	b = binary.AppendUvarint(b, uint64(len(line)))
	if s.inline {
		b = append(b, line...)
	}
	b = binary.AppendUvarint(b, uint64(text.start))
	b = binary.AppendUvarint(b, uint64(text.end))
	b = binary.AppendUvarint(b, uint64(len(in.log)))
	b = append(b, in.log...)
	s.buf = b
	if len(b) < spoolBuffer {
		return nil
	}
	s.buf = nil
	return s.wb.put(s.f, b)
}

// finish writes the spool and returns its size.
func (s *spoolWriter) finish() (int64, error) {
	err := s.wb.put(s.f, s.buf)
	s.buf = nil
	if cerr := s.wb.close(); err == nil {
		err = cerr
	}
	s.wb = nil
	if err != nil {
		return 0, err
	}
	return s.f.Seek(0, io.SeekCurrent)
}

// readSpool reads the spool at path and calls fn for each entry, as a
// record: id, textVal, size and sp are set, and raw (the output line) if
// the spool is inline, else sp.off.
func readSpool(path string, inline bool, fn func(d *record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	uv := func() (int, error) {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return 0, fmt.Errorf("%w: %v", errSpool, noEOF(err))
		}
		if v > 1<<40 {
			return 0, errSpool
		}
		return int(v), nil
	}
	full := func(b []byte) error {
		if _, err := io.ReadFull(r, b); err != nil {
			return fmt.Errorf("%w: %v", errSpool, noEOF(err))
		}
		return nil
	}
	// The line and the log of an entry are read into recycled chunks
	// (chunk.go), the id into scratch.
	var chunks chunkAlloc
	defer chunks.done()
	bytesOf := func(alloc func(*record, int) []byte, d *record) ([]byte, error) {
		n, err := uv()
		if err != nil {
			return nil, err
		}
		b := alloc(d, n)
		return b, full(b)
	}
	var id []byte
	scratch := func(_ *record, n int) []byte {
		id = slices.Grow(id[:0], n)[:n]
		return id
	}
	var off int64 // of the next output record in OUT
	for ord := 0; ; ord++ {
		kind, err := r.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		d := &record{ord: ord}
		d.sp.kind = kind
		var v [3]int
		for i := range v {
			if v[i], err = uv(); err != nil {
				return err
			}
		}
		d.sp.lsh, d.size, d.sp.tlen = uint32(v[0]), v[1], v[2]
		if _, err = bytesOf(scratch, d); err != nil {
			return err
		}
		d.id = string(id)
		if inline {
			if d.raw, err = bytesOf(chunks.alloc, d); err != nil {
				return err
			}
			d.sp.lineLen = len(d.raw)
		} else {
			if d.sp.lineLen, err = uv(); err != nil {
				return err
			}
			d.sp.off = off
			off += int64(d.sp.lineLen)
		}
		if d.textVal.start, err = uv(); err != nil {
			return err
		}
		if d.textVal.end, err = uv(); err != nil {
			return err
		}
		if d.textVal.start > d.textVal.end || d.textVal.end > d.sp.lineLen {
			return errSpool
		}
		if d.sp.log, err = bytesOf(chunks.allocMore, d); err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
}
