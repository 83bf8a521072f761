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
const (
	magic      = "dedupLSH"
	version    = 1
	headerSize = 40
	maxK       = 1 << 16
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteTo writes the index to w in the format documented in encode.go and
// returns the number of bytes written. It implements io.WriterTo.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	cw := &crcWriter{w: w, crc: crc32.New(castagnoli)}
	buf := make([]byte, headerSize, 64<<10)
	copy(buf, magic)
	buf[8] = version
	binary.LittleEndian.PutUint32(buf[12:], uint32(x.k))
	binary.LittleEndian.PutUint32(buf[16:], uint32(x.params.Bands))
	binary.LittleEndian.PutUint32(buf[20:], uint32(x.params.Rows))
	binary.LittleEndian.PutUint64(buf[24:], math.Float64bits(x.threshold))
	binary.LittleEndian.PutUint32(buf[32:], uint32(len(x.live)))
	binary.LittleEndian.PutUint32(buf[36:], uint32(x.n))
	flush := func() {
		if len(buf) > cap(buf)-4*x.k-8 {
			cw.write(buf)
			buf = buf[:0]
		}
	}
	for _, word := range x.live {
		buf = binary.LittleEndian.AppendUint64(buf, word)
		flush()
	}
	for wi, word := range x.live {
		for word != 0 {
			id := uint32(wi*64 + bits.TrailingZeros64(word))
			word &= word - 1
			for _, v := range x.sig(id) {
				buf = binary.LittleEndian.AppendUint32(buf, v)
			}
			flush()
		}
	}
	cw.write(buf)
	cw.write(binary.LittleEndian.AppendUint32(nil, cw.crc.Sum32()))
	return cw.n, cw.err
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
	x.k, x.params, x.threshold = y.k, y.params, y.threshold
	x.sigs, x.live, x.n = y.sigs, y.live, y.n
	x.tables, x.buckets, x.free = y.tables, y.buckets, y.free
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
}

// parseHeader decodes and validates a header: every value must be one an
// Index can have, whatever the checksum says (it is checked last, and only
// guards against accidents).
func parseHeader(hdr []byte) (header, error) {
	if string(hdr[:8]) != magic {
		return header{}, formatErr("bad magic %q", hdr[:8])
	}
	if hdr[8] != version {
		return header{}, formatErr("unsupported version %d (want %d)", hdr[8], version)
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
	return header{k: int(k), params: Params{Bands: int(bands), Rows: int(rows)}, threshold: t, words: int(w), n: int(n)}, nil
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
	sigs, err := cr.read(h.n*h.k*4, "signatures")
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
	return build(h, live, sigs)
}

// build returns the index of header h holding the documents of the id set
// live, whose signatures are encoded in b in increasing id order.
func build(h header, live []uint64, b []byte) (*Index, error) {
	y, err := New(h.k, Options{Threshold: h.threshold, Params: h.params, SizeHint: h.n})
	if err != nil {
		return nil, formatErr("%v", err) // unreachable: parseHeader checked the values
	}
	y.live = make([]uint64, len(live))
	sig := make([]uint32, h.k)
	off := 0
	for wi, word := range live {
		for word != 0 {
			id := uint32(wi*64 + bits.TrailingZeros64(word))
			word &= word - 1
			for i := range sig {
				sig[i] = binary.LittleEndian.Uint32(b[off:])
				off += 4
			}
			y.add(id, sig)
		}
	}
	return y, nil
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
