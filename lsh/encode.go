package lsh

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"math/bits"
)

// The encoding of an Index (WriteTo, ReadFrom); integers are little-endian:
//
//	offset  size  field
//	0       8     magic "dedupLSH"
//	8       1     version, 1
//	9       3     zero
//	12      4     k, values per signature (1 to 65536)
//	16      4     bands
//	20      4     rows (bands·rows <= k)
//	24      8     threshold, IEEE 754 float64 in (0, 1]
//	32      4     w, number of 64-bit words of the id bit set
//	36      4     n, number of documents (bits set in the id bit set)
//	40      8·w   id bit set: bit i%64 of word i/64 is set when id i is indexed
//	...     4·k·n signatures of the indexed ids, in increasing id order
//	...     4     CRC-32C (Castagnoli) of all the bytes above
//
// The band tables are not stored: ReadFrom rebuilds them from the
// signatures, which keeps the format small, simple to validate and
// independent of the table layout.
//
// An index without signatures (Options.NoSignatures) is written as
// version 2: the same header (with version 2) and id set, then, in place
// of the signatures, the buffered documents and the records of each band
// table in band order:
//
//	size  field
//	4     b, documents in the buffers
//	4·b   their ids, in the order they were added
//	      then for each band table:
//	1     flags: 1 if the table has a main part, else 0
//	1     depth: the main part has 1<<depth cells (0 without main part)
//	1     first: the depth of the main part's first merge, depth-15 to depth
//	1     zero
//	4     m, main records
//	4·2^depth  if the table has a main part, the number of records of each cell
//	2·m   fingerprints of the main records, cell by cell
//	4·m   their document ids
//	8·b   the keys of the buffer records, one per buffered document
//
// Every table holds one record of each indexed document, and none of
// another (records of removed documents are not written); m is the same
// in every table; a fingerprint is not zero and knows at least
// 15-(depth-first) bits (see table).
const (
	magic         = "dedupLSH"
	version       = 1 // with signatures
	versionNoSigs = 2
	headerSize    = 40
	maxK          = 1 << 16
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteTo writes the index to w in the format documented in encode.go and
// returns the number of bytes written. It implements io.WriterTo.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e := &encoder{cw: crcWriter{w: w, crc: crc32.New(castagnoli)}, buf: make([]byte, 0, 64<<10)}
	v := byte(version)
	if x.noSigs {
		v = versionNoSigs
	}
	e.buf = append(e.buf, magic...)
	e.buf = append(e.buf, v, 0, 0, 0)
	e.u32(uint32(x.k))
	e.u32(uint32(x.params.Bands))
	e.u32(uint32(x.params.Rows))
	e.u64(math.Float64bits(x.threshold))
	e.u32(uint32(len(x.live)))
	e.u32(uint32(x.n))
	for _, word := range x.live {
		e.u64(word)
	}
	if x.noSigs {
		e.u32(uint32(liveBuffer(x.live, x.bufIDs)))
		for _, id := range x.bufIDs {
			if has(x.live, id) {
				e.u32(id)
			}
		}
		for j := range x.tables {
			x.tables[j].encode(e, x.live, x.bufIDs)
		}
	} else {
		x.encodeSignatures(e)
	}
	e.flush()
	e.cw.write(binary.LittleEndian.AppendUint32(nil, e.cw.crc.Sum32()))
	return e.cw.n, e.cw.err
}

// encodeSignatures writes the signatures of the indexed ids in increasing
// id order.
func (x *Index) encodeSignatures(e *encoder) {
	for wi, word := range x.live {
		for word != 0 {
			id := uint32(wi*64 + bits.TrailingZeros64(word))
			word &= word - 1
			for _, v := range x.sig(id) {
				e.u32(v)
			}
		}
	}
}

// encode writes the records of t of the documents in live (bids are the
// documents of its buffer records).
func (t *table) encode(e *encoder, live []uint64, bids []uint32) {
	flags := byte(0)
	if t.dir != nil {
		flags = 1
	}
	e.buf = append(e.buf, flags, byte(t.depth), byte(t.first), 0)
	e.u32(uint32(t.liveMain(live)))
	if t.dir != nil {
		for c := 0; c+1 < len(t.dir); c++ {
			n := 0
			for _, id := range t.ids[t.dir[c]:t.dir[c+1]] {
				if has(live, id) {
					n++
				}
			}
			e.u32(uint32(n))
		}
		for i, fp := range t.fps {
			if has(live, t.ids[i]) {
				e.u16(fp)
			}
		}
		for _, id := range t.ids {
			if has(live, id) {
				e.u32(id)
			}
		}
	}
	for i, k := range t.keys {
		if has(live, bids[i]) {
			e.u64(k)
		}
	}
}

// An encoder buffers little-endian values on their way to a crcWriter.
type encoder struct {
	cw  crcWriter
	buf []byte
}

func (e *encoder) u16(v uint16) { e.buf = binary.LittleEndian.AppendUint16(e.buf, v); e.maybeFlush() }
func (e *encoder) u32(v uint32) { e.buf = binary.LittleEndian.AppendUint32(e.buf, v); e.maybeFlush() }
func (e *encoder) u64(v uint64) { e.buf = binary.LittleEndian.AppendUint64(e.buf, v); e.maybeFlush() }

func (e *encoder) maybeFlush() {
	if len(e.buf) >= 60<<10 {
		e.flush()
	}
}

func (e *encoder) flush() {
	e.cw.write(e.buf)
	e.buf = e.buf[:0]
}

type crcWriter struct {
	w   io.Writer
	crc hash.Hash32
	n   int64
	err error
}

func (c *crcWriter) write(p []byte) {
	if c.err != nil {
		return
	}
	c.crc.Write(p)
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
}

// ReadFrom replaces the contents of x with an index read from r in the
// format of WriteTo, and returns the number of bytes read. It implements
// io.ReaderFrom. A truncated or corrupt input gives an error wrapping
// ErrFormat that says what is wrong, and leaves x unchanged; so does a
// header with values no Index can have (a threshold outside (0, 1], bands
// and rows that do not fit k, ...), whatever its checksum. The index
// answers every query exactly as the one written. ReadFrom reads exactly
// the bytes of one index: whatever follows it in r is the caller's.
func (x *Index) ReadFrom(r io.Reader) (int64, error) {
	cr := &crcReader{r: r, crc: crc32.New(castagnoli)}
	y, err := decode(cr)
	if err != nil {
		return cr.n, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.k, x.params, x.threshold, x.noSigs = y.k, y.params, y.threshold, y.noSigs
	x.sigs, x.live, x.n = y.sigs, y.live, y.n
	x.tables, x.bufIDs, x.removed, x.nremoved, x.mergeMin = y.tables, y.bufIDs, y.removed, y.nremoved, y.mergeMin
	x.unordered, x.top = y.unordered, y.top
	return cr.n, nil
}

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

// header is the decoded header of an encoded index.
type header struct {
	k         int
	params    Params
	threshold float64
	words     int // of the id set
	n         int // documents
	noSigs    bool
}

// parseHeader decodes and validates a header: every value must be one an
// Index can have, whatever the checksum says (it is checked last, and only
// guards against accidents).
func parseHeader(hdr []byte) (header, error) {
	if string(hdr[:8]) != magic {
		return header{}, formatErr("bad magic %q", hdr[:8])
	}
	if hdr[8] != version && hdr[8] != versionNoSigs {
		return header{}, formatErr("unsupported version %d (want %d or %d)", hdr[8], version, versionNoSigs)
	}
	if hdr[9]|hdr[10]|hdr[11] != 0 {
		return header{}, formatErr("reserved header bytes not zero")
	}
	le := binary.LittleEndian
	k, bands, rows := le.Uint32(hdr[12:]), le.Uint32(hdr[16:]), le.Uint32(hdr[20:])
	t := math.Float64frombits(le.Uint64(hdr[24:]))
	w, n := le.Uint32(hdr[32:]), le.Uint32(hdr[36:])
	switch {
	case k < 1 || k > maxK:
		return header{}, formatErr("k=%d outside [1, %d]", k, maxK)
	case bands < 1 || rows < 1 || uint64(bands)*uint64(rows) > uint64(k):
		return header{}, formatErr("bands=%d rows=%d do not fit k=%d", bands, rows, k)
	case !(t > 0 && t <= 1): // false for NaN
		return header{}, formatErr("threshold %v outside (0, 1]", t)
	case uint64(w)*64 > MaxID+1:
		return header{}, formatErr("id set of %d words exceeds MaxID", w)
	case uint64(n) > uint64(w)*64:
		return header{}, formatErr("%d documents in an id set of %d bits", n, uint64(w)*64)
	}
	return header{k: int(k), params: Params{Bands: int(bands), Rows: int(rows)}, threshold: t,
		words: int(w), n: int(n), noSigs: hdr[8] == versionNoSigs}, nil
}

func decode(cr *crcReader) (*Index, error) {
	b, err := cr.read(headerSize, "header")
	if err != nil {
		return nil, err
	}
	h, err := parseHeader(b)
	if err != nil {
		return nil, err
	}
	if b, err = cr.read(h.words*8, "id set"); err != nil {
		return nil, err
	}
	live := make([]uint64, h.words)
	count := 0
	for i := range live {
		live[i] = binary.LittleEndian.Uint64(b[8*i:])
		count += bits.OnesCount64(live[i])
	}
	if count != h.n {
		return nil, formatErr("id set has %d ids, header says %d", count, h.n)
	}
	var y *Index
	if h.noSigs {
		y, err = decodeTables(cr, h, live)
	} else {
		y, err = decodeSignatures(cr, h, live)
	}
	if err != nil {
		return nil, err
	}
	want := cr.crc.Sum32()
	sum, err := cr.read(4, "checksum")
	if err != nil {
		return nil, err
	}
	if got := binary.LittleEndian.Uint32(sum); got != want {
		return nil, formatErr("checksum mismatch: stored %08x, computed %08x", got, want)
	}
	return y, nil
}

// decodeSignatures reads the signatures of the documents of the id set
// live and returns the index of header h that holds them.
func decodeSignatures(cr *crcReader, h header, live []uint64) (*Index, error) {
	b, err := cr.read(h.n*h.k*4, "signatures")
	if err != nil {
		return nil, err
	}
	y := newDecoded(h, live)
	sig := make([]uint32, h.k)
	var keys []uint64
	off := 0
	for wi, word := range live {
		for word != 0 {
			id := uint32(wi*64 + bits.TrailingZeros64(word))
			word &= word - 1
			for i := range sig {
				sig[i] = binary.LittleEndian.Uint32(b[off:])
				off += 4
			}
			keys = h.params.appendTableKeys(keys[:0], sig)
			y.add(id, sig, keys)
		}
	}
	return y, nil
}

// newDecoded returns an empty index of header h, for documents of the id
// set live.
func newDecoded(h header, live []uint64) *Index {
	y, err := New(h.k, Options{Threshold: h.threshold, Params: h.params, SizeHint: h.n, NoSignatures: h.noSigs})
	if err != nil {
		panic(err) // unreachable: parseHeader checked the values
	}
	y.live = make([]uint64, 0, len(live))
	y.unordered = true // the records' order is the file's
	return y
}

// decodeTables reads the buffered documents and the band tables of an
// index without signatures, of header h and id set live.
func decodeTables(cr *crcReader, h header, live []uint64) (*Index, error) {
	y := newDecoded(h, live)
	y.live = live
	y.n = h.n
	b, err := cr.read(4, "buffered documents")
	if err != nil {
		return nil, err
	}
	nb := int(binary.LittleEndian.Uint32(b))
	if b, err = cr.read(4*nb, "buffered documents"); err != nil {
		return nil, err
	}
	y.bufIDs = make([]uint32, nb)
	for i := range y.bufIDs {
		y.bufIDs[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	seen := make([]uint8, len(live)*64)
	for j := range y.tables {
		clear(seen)
		if err := y.tables[j].decode(cr, j, live, y.bufIDs, seen); err != nil {
			return nil, err
		}
		for id, c := range seen {
			if has(live, uint32(id)) && c != 1 {
				return nil, formatErr("band %d: document %d has %d records", j, id, c)
			}
		}
		if m, m0 := len(y.tables[j].ids), len(y.tables[0].ids); m != m0 {
			return nil, formatErr("band %d: %d main records, band 0 has %d", j, m, m0)
		}
	}
	return y, nil
}

// decode reads the records of band table j (see encode.go), counting them
// in seen by document; every record must be of a document of live. bids
// are the documents of the buffer records.
func (t *table) decode(cr *crcReader, j int, live []uint64, bids []uint32, seen []uint8) error {
	b, err := cr.read(8, "table header")
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	flags, depth, first := b[0], uint(b[1]), uint(b[2])
	m := int(le.Uint32(b[4:]))
	switch {
	case flags > 1 || b[3] != 0:
		return formatErr("band %d: reserved table bytes not zero", j)
	case flags == 0 && (depth != 0 || first != 0 || m != 0):
		return formatErr("band %d: no main part, but depth %d, first %d, %d records", j, depth, first, m)
	case depth > 31 || first > depth || depth > first+fpBits:
		return formatErr("band %d: depth %d, first %d", j, depth, first)
	}
	record := func(id uint32) error {
		if !has(live, id) {
			return formatErr("band %d: record of document %d, not in the id set", j, id)
		}
		seen[id] = min(seen[id], 254) + 1
		return nil
	}
	if flags == 1 {
		if err := t.decodeMain(cr, j, depth, first, m, record); err != nil {
			return err
		}
	}
	if b, err = cr.read(8*len(bids), "buffer keys"); err != nil {
		return err
	}
	t.keys, t.next = make([]uint64, 0, len(bids)), make([]uint32, 0, len(bids))
	for i, id := range bids {
		if err := record(id); err != nil {
			return err
		}
		t.push(le.Uint64(b[8*i:]))
	}
	return nil
}

// decodeMain reads the main part of band table j: the cell sizes, the
// fingerprints and the ids of its m records.
func (t *table) decodeMain(cr *crcReader, j int, depth, first uint, m int, record func(uint32) error) error {
	b, err := cr.read(4<<depth, "cells")
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	dir := make([]uint32, 1<<depth+1)
	for c := range 1 << depth {
		dir[c+1] = dir[c] + le.Uint32(b[4*c:])
		if dir[c+1] < dir[c] || int(dir[c+1]) > m {
			return formatErr("band %d: cells hold more than %d records", j, m)
		}
	}
	if int(dir[len(dir)-1]) != m {
		return formatErr("band %d: cells hold %d of %d records", j, dir[len(dir)-1], m)
	}
	if b, err = cr.read(6*m, "main records"); err != nil {
		return err
	}
	minKnown := fpBits - int(depth-first)
	fps, ids := make([]uint16, m), make([]uint32, m)
	for i := range m {
		fps[i], ids[i] = le.Uint16(b[2*i:]), le.Uint32(b[2*m+4*i:])
		if fps[i] == 0 || int(knownBits(fps[i])) < minKnown {
			return formatErr("band %d: fingerprint %#04x knows fewer than %d bits", j, fps[i], minKnown)
		}
		if err := record(ids[i]); err != nil {
			return err
		}
	}
	t.depth, t.first, t.dir, t.fps, t.ids = depth, first, dir, fps, ids
	return nil
}

type crcReader struct {
	r   io.Reader
	crc hash.Hash32
	n   int64
}

// read reads exactly size bytes into a new slice, in steps of at most 1 MiB
// so that a corrupt size in a short input fails before allocating much.
func (c *crcReader) read(size int, what string) ([]byte, error) {
	const step = 1 << 20
	var b []byte
	for len(b) < size {
		m := min(size-len(b), step)
		b = append(b, make([]byte, m)...)
		got, err := io.ReadFull(c.r, b[len(b)-m:])
		c.n += int64(got)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, formatErr("truncated %s: %d of %d bytes", what, len(b)-m+got, size)
			}
			return nil, fmt.Errorf("lsh: reading %s: %w", what, err)
		}
	}
	c.crc.Write(b)
	return b, nil
}
