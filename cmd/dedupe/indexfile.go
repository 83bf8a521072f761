package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"

	"github.com/neardup/dedupe/lsh"
)

// The index file written by "dedupe index" is
//
//	magic     "DDPIDX\x00\x01" (8 bytes; the last byte is the version, 1)
//	header    threshold float64, shingle k uint32, signature length uint32,
//	          normalisation uint8 (0 fold, 1 whitespace), stripped uint8 (1 if
//	          boilerplate was removed with a model before signing), id count
//	          uint32
//	ids       per document, in lsh id order: uvarint length, UTF-8 bytes
//	crc       CRC-32C (Castagnoli) of everything above, uint32
//	index     the lsh.Index in its own format (lsh.Index.WriteTo), which
//	          carries its own checksum
//
// Integers are little-endian. The ids map the dense lsh ids back to the
// documents' own ids.
const indexMagic = "DDPIDX\x00\x01"

var errIndexFormat = errors.New("invalid index file")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// An indexFile is a persistent near-duplicate index with its settings and
// id mapping.
type indexFile struct {
	sim      simFlags
	stripped bool // signatures are of the text without boilerplate
	ids      []string
	idx      *lsh.Index
}

func (f *indexFile) writeTo(w io.Writer) error {
	var b []byte
	b = append(b, indexMagic...)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f.sim.threshold))
	b = binary.LittleEndian.AppendUint32(b, uint32(f.sim.k))
	b = binary.LittleEndian.AppendUint32(b, uint32(f.sim.numPerm))
	norm := byte(0)
	if f.sim.normalize == "whitespace" {
		norm = 1
	}
	b = append(b, norm)
	strip := byte(0)
	if f.stripped {
		strip = 1
	}
	b = append(b, strip)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(f.ids)))
	crc := crc32.New(castagnoli)
	bw := io.MultiWriter(w, crc)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	for _, id := range f.ids {
		b = binary.AppendUvarint(b[:0], uint64(len(id)))
		b = append(b, id...)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	b = binary.LittleEndian.AppendUint32(b[:0], crc.Sum32())
	if _, err := w.Write(b); err != nil {
		return err
	}
	_, err := f.idx.WriteTo(w)
	return err
}

// maxIDLen bounds one stored id, so that a corrupt length cannot make the
// reader allocate gigabytes.
const maxIDLen = 1 << 20

func readIndexFile(path string) (*indexFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	f, err := readIndex(bufio.NewReaderSize(fh, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func readIndex(r *bufio.Reader) (*indexFile, error) {
	crc := crc32.New(castagnoli)
	tr := io.TeeReader(r, crc)
	head := make([]byte, len(indexMagic)+8+4+4+1+1+4)
	if _, err := io.ReadFull(tr, head); err != nil {
		return nil, fmt.Errorf("%w: header: %v", errIndexFormat, noEOF(err))
	}
	if string(head[:len(indexMagic)-1]) != indexMagic[:len(indexMagic)-1] {
		return nil, fmt.Errorf("%w: not a dedupe index (bad magic)", errIndexFormat)
	}
	if v := head[len(indexMagic)-1]; v != indexMagic[len(indexMagic)-1] {
		return nil, fmt.Errorf("%w: unsupported version %d", errIndexFormat, v)
	}
	h := head[len(indexMagic):]
	f := &indexFile{}
	f.sim.threshold = math.Float64frombits(binary.LittleEndian.Uint64(h))
	f.sim.k = int(binary.LittleEndian.Uint32(h[8:]))
	f.sim.numPerm = int(binary.LittleEndian.Uint32(h[12:]))
	switch h[16] {
	case 0:
		f.sim.normalize = "fold"
	case 1:
		f.sim.normalize = "whitespace"
	default:
		return nil, fmt.Errorf("%w: unknown normalisation %d", errIndexFormat, h[16])
	}
	if _, _, err := f.sim.options(); err != nil {
		return nil, fmt.Errorf("%w: bad settings: %v", errIndexFormat, err)
	}
	switch h[17] {
	case 0:
	case 1:
		f.stripped = true
	default:
		return nil, fmt.Errorf("%w: bad stripped flag %d", errIndexFormat, h[17])
	}
	n := binary.LittleEndian.Uint32(h[18:])
	if n > lsh.MaxID {
		return nil, fmt.Errorf("%w: %d ids", errIndexFormat, n)
	}
	f.ids = make([]string, 0, min(n, 1<<20))
	var buf []byte
	for i := uint32(0); i < n; i++ {
		l, err := binary.ReadUvarint(byteReader{tr})
		if err != nil {
			return nil, fmt.Errorf("%w: id %d: %v", errIndexFormat, i, noEOF(err))
		}
		if l > maxIDLen {
			return nil, fmt.Errorf("%w: id %d: length %d", errIndexFormat, i, l)
		}
		if uint64(cap(buf)) < l {
			buf = make([]byte, l)
		}
		if _, err := io.ReadFull(tr, buf[:l]); err != nil {
			return nil, fmt.Errorf("%w: id %d: %v", errIndexFormat, i, noEOF(err))
		}
		f.ids = append(f.ids, string(buf[:l]))
	}
	want := crc.Sum32()
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		return nil, fmt.Errorf("%w: checksum: %v", errIndexFormat, noEOF(err))
	}
	if got := binary.LittleEndian.Uint32(sum[:]); got != want {
		return nil, fmt.Errorf("%w: checksum mismatch in the id table", errIndexFormat)
	}
	f.idx = new(lsh.Index)
	if _, err := f.idx.ReadFrom(r); err != nil {
		return nil, err
	}
	if f.idx.K() != f.sim.numPerm {
		return nil, fmt.Errorf("%w: index holds signatures of %d values, header says %d", errIndexFormat, f.idx.K(), f.sim.numPerm)
	}
	if f.idx.Len() != len(f.ids) {
		return nil, fmt.Errorf("%w: index holds %d documents, id table %d", errIndexFormat, f.idx.Len(), len(f.ids))
	}
	return f, nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// byteReader reads one byte at a time from r (for binary.ReadUvarint).
type byteReader struct{ r io.Reader }

func (b byteReader) ReadByte() (byte, error) {
	var c [1]byte
	_, err := io.ReadFull(b.r, c[:])
	return c[0], err
}
