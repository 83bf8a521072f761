package boiler

// Model encoding, version 2 (all integers unsigned LEB128 varints unless
// stated):
//
//	magic    "BOILERM1" (8 bytes)
//	version  uint16 little endian (2)
//	long     long paragraphs learned
//	nwords   then nwords × (hash delta, count): word hashes strictly
//	         increasing, the first delta from 0
//	nsites   then nsites × site:
//	         name length, name bytes (names strictly increasing)
//	         pages
//	         nfrags then nfrags × (hash delta, count), hashes strictly
//	         increasing, counts at most pages
//	         nseen then nseen × page key delta (keys strictly increasing,
//	         nseen at most pages)
//	crc      CRC-32C (Castagnoli) of all preceding bytes, uint32 little endian
//
// Version 1 had no page keys and three keys per fragment (exact, masked,
// near); version 2 counts only the near key (see stats.key). Counts are
// never 0. Derived tables (cross-site counts, function words) are
// rebuilt after decoding, so they need no encoding.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

var (
	// ErrFormat is returned when decoding bytes that are not a valid Model.
	ErrFormat = errors.New("boiler: invalid model encoding")
	// ErrVersion is returned when decoding a Model of an unknown version.
	ErrVersion = errors.New("boiler: unsupported model version")
	// ErrChecksum is returned when a Model's checksum does not match.
	ErrChecksum = errors.New("boiler: model checksum mismatch")
)

const (
	magic   = "BOILERM1"
	version = 2
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// AppendBinary appends the encoding of m to dst.
func (m *Model) AppendBinary(dst []byte) ([]byte, error) {
	start := len(dst)
	dst = append(dst, magic...)
	dst = binary.LittleEndian.AppendUint16(dst, version)
	dst = binary.AppendUvarint(dst, m.long)
	dst = appendFrags(dst, &m.words)
	dst = binary.AppendUvarint(dst, uint64(len(m.sites)))
	for _, s := range m.sites {
		dst = binary.AppendUvarint(dst, uint64(len(s.name)))
		dst = append(dst, s.name...)
		dst = binary.AppendUvarint(dst, uint64(s.pages))
		dst = appendFrags(dst, &s.frags)
		dst = binary.AppendUvarint(dst, uint64(len(s.seen)))
		prev := uint64(0)
		for _, k := range s.seen {
			dst = binary.AppendUvarint(dst, k-prev)
			prev = k
		}
	}
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], castagnoli)), nil
}

func appendFrags(dst []byte, c *counts) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(c.h)))
	prev := uint64(0)
	for i, h := range c.h {
		dst = binary.AppendUvarint(dst, h-prev)
		dst = binary.AppendUvarint(dst, uint64(c.n[i]))
		prev = h
	}
	return dst
}

// WriteTo writes the encoding of m to w.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	b, _ := m.AppendBinary(nil)
	n, err := w.Write(b)
	return int64(n), err
}

// ReadFrom replaces m with the Model read from r, which must hold exactly
// one encoded Model (it is read to EOF). On error m is unchanged.
func (m *Model) ReadFrom(r io.Reader) (int64, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return int64(len(b)), err
	}
	return int64(len(b)), m.UnmarshalBinary(b)
}

// UnmarshalBinary replaces m with the Model encoded in data. On error m is
// unchanged.
func (m *Model) UnmarshalBinary(data []byte) error {
	if len(data) < len(magic)+2+4 || string(data[:len(magic)]) != magic {
		return fmt.Errorf("%w: bad magic", ErrFormat)
	}
	if v := binary.LittleEndian.Uint16(data[len(magic):]); v != version {
		return fmt.Errorf("%w: %d", ErrVersion, v)
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return ErrChecksum
	}
	d := decoder{b: body[len(magic)+2:]}
	var nm Model
	nm.long = d.uvarint()
	nm.words = d.frags()
	nsites := d.count(3)
	for i := 0; i < nsites && d.err == nil; i++ {
		nl := d.count(1)
		name := string(d.bytes(nl))
		if i > 0 && name <= nm.sites[i-1].name {
			d.fail("site names not increasing")
		}
		pages := d.uvarint()
		if pages == 0 || pages > 1<<32-1 {
			d.fail("bad page count")
		}
		fs := d.frags()
		for _, n := range fs.n {
			if uint64(n) > pages {
				d.fail("fragment count above page count")
				break
			}
		}
		nseen := d.count(1)
		if uint64(nseen) > pages {
			d.fail("more page keys than pages")
		}
		var seen []uint64
		prev := uint64(0)
		for k := 0; k < nseen && d.err == nil; k++ {
			delta := d.uvarint()
			if (delta == 0 && k > 0) || prev+delta < prev {
				d.fail("bad page key")
				break
			}
			prev += delta
			seen = append(seen, prev)
		}
		nm.sites = append(nm.sites, site{name, uint32(pages), fs, seen})
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return d.err
	}
	if err := nm.Check(); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	nm.derive()
	*m = nm
	return nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrFormat, what)
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length whose items take at least min bytes each, so that a
// corrupt length cannot make the decoder allocate more than the input size.
func (d *decoder) count(min int) int {
	v := d.uvarint()
	if v > uint64(len(d.b)/min) {
		d.fail("length beyond input")
		return 0
	}
	return int(v)
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n > len(d.b) {
		d.fail("truncated")
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) frags() counts {
	n := d.count(2)
	fs := counts{h: make([]uint64, 0, n), n: make([]uint32, 0, n)}
	prev := uint64(0)
	for i := 0; i < n && d.err == nil; i++ {
		delta := d.uvarint()
		c := d.uvarint()
		if (delta == 0 && i > 0) || c == 0 || c > 1<<32-1 {
			d.fail("bad fragment")
			break
		}
		h := prev + delta
		if h < prev {
			d.fail("hash overflow")
			break
		}
		fs.append(h, uint32(c))
		prev = h
	}
	return fs
}
