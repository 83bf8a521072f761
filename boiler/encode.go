package boiler

// Model encoding, version 6 (all integers unsigned LEB128 varints unless
// stated):
//
//	magic    "BOILERM1" (8 bytes)
//	version  uint16 little endian: 6, or 5 for a Model that Prune did not
//	         change (below)
//	size     uint64 little endian: bytes of the whole encoding, magic to
//	         crc
//	long     long paragraphs learned
//	nwords   then nwords × (hash delta, count): word hashes strictly
//	         increasing, the first delta from 0
//	nsites   then nsites × site:
//	         name length, name bytes (names strictly increasing)
//	         pages (1 to 2^32-1)
//	         units: fragments counted, deletion keys aside (see
//	         site.units), at least the sum of their counts
//	         pruned: two counts (see site.pruned), in version 6 only
//	         nfrags then nfrags × (hash delta, count), hashes strictly
//	         increasing, counts 1 to pages
//	         nseen then nseen × page key delta (keys strictly increasing,
//	         nseen at most pages)
//	crc      CRC-32C (Castagnoli) of all preceding bytes, uint32 little endian
//
// Version 1 had no page keys and three keys per fragment (exact, masked,
// near); version 2 counts only the near key (see stats.key); version 3
// records its size, so that bytes after a model are told from a truncated
// or corrupt one; version 4 hashes words over 16 bytes with XXH3 instead
// of xxHash64 (see hashWord), so the keys of fragments that hold one
// differ; version 5 records each site's units, tells deletion keys by
// their lowest bit (see finish) and gives numeric fragments no key (see
// numeric); version 6 records what Prune dropped of each site's template
// share. A Model that Prune did not change is written as version 5, the
// same bytes as before version 6 (an index names its model by the hash of
// its encoding), and both versions are read. Counts are never 0. Derived
// tables (cross-site counts, function words) are rebuilt after decoding,
// so they need no encoding.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
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
	version = 6
	// unpruned is the version of a Model without pruned counts.
	unpruned = 5
	// headerSize is the length of magic, version and size.
	headerSize = len(magic) + 2 + 8
	// minSize is the length of the encoding of the empty Model: the
	// header, three one-byte varints (long, nwords, nsites) and the crc.
	minSize = headerSize + 3 + 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// AppendBinary appends the encoding of m to dst.
func (m *Model) AppendBinary(dst []byte) ([]byte, error) {
	start := len(dst)
	v := uint16(unpruned)
	for i := range m.sites {
		if m.sites[i].pruned != [2]uint64{} {
			v = version
		}
	}
	dst = append(dst, magic...)
	dst = binary.LittleEndian.AppendUint16(dst, v)
	dst = binary.LittleEndian.AppendUint64(dst, 0) // size, set below
	dst = binary.AppendUvarint(dst, m.long)
	dst = appendFrags(dst, &m.words)
	dst = binary.AppendUvarint(dst, uint64(len(m.sites)))
	for _, s := range m.sites {
		dst = binary.AppendUvarint(dst, uint64(len(s.name)))
		dst = append(dst, s.name...)
		dst = binary.AppendUvarint(dst, uint64(s.pages))
		dst = binary.AppendUvarint(dst, s.units)
		if v == version {
			dst = binary.AppendUvarint(dst, s.pruned[0])
			dst = binary.AppendUvarint(dst, s.pruned[1])
		}
		dst = appendFrags(dst, &s.frags)
		dst = binary.AppendUvarint(dst, uint64(len(s.seen)))
		prev := uint64(0)
		for _, k := range s.seen {
			dst = binary.AppendUvarint(dst, k-prev)
			prev = k
		}
	}
	binary.LittleEndian.PutUint64(dst[start+headerSize-8:], uint64(len(dst)-start+4))
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
// one encoded Model and nothing after it: it reads the size that the
// Model's header states, then one byte more to check that r ends there (a
// byte there is an error). On error m is unchanged.
func (m *Model) ReadFrom(r io.Reader) (int64, error) {
	var head [headerSize]byte
	n, err := io.ReadFull(r, head[:])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return int64(n), fmt.Errorf("%w: truncated header (%d bytes)", ErrFormat, n)
	}
	if err != nil {
		return int64(n), err
	}
	size, _, err := readHeader(head[:])
	if err != nil {
		return int64(n), err
	}
	// the buffer grows as bytes arrive: a corrupt size cannot make it
	// allocate more than the input holds
	var buf bytes.Buffer
	buf.Write(head[:])
	k, err := io.Copy(&buf, io.LimitReader(r, int64(size)-int64(headerSize)))
	read := int64(n) + k
	if err != nil {
		return read, err
	}
	if uint64(read) < size {
		return read, fmt.Errorf("%w: truncated: %d of %d bytes", ErrFormat, read, size)
	}
	var one [1]byte
	k2, err := io.ReadFull(r, one[:])
	read += int64(k2)
	switch {
	case k2 > 0:
		return read, fmt.Errorf("%w: bytes after the %d-byte model", ErrFormat, size)
	case err != io.EOF:
		return read, err
	}
	return read, m.UnmarshalBinary(buf.Bytes())
}

// readHeader checks the magic and version of an encoded Model and returns
// its size and version.
func readHeader(data []byte) (size uint64, v uint16, err error) {
	if len(data) < headerSize || string(data[:len(magic)]) != magic {
		return 0, 0, fmt.Errorf("%w: bad magic", ErrFormat)
	}
	if v = binary.LittleEndian.Uint16(data[len(magic):]); v != version && v != unpruned {
		return 0, 0, fmt.Errorf("%w: %d (want %d or %d)", ErrVersion, v, unpruned, version)
	}
	size = binary.LittleEndian.Uint64(data[len(magic)+2:])
	if size < uint64(minSize) || size > math.MaxInt64 {
		return 0, 0, fmt.Errorf("%w: size %d in header", ErrFormat, size)
	}
	return size, v, nil
}

// UnmarshalBinary replaces m with the Model encoded in data, which must
// hold exactly one encoded Model. On error m is unchanged.
func (m *Model) UnmarshalBinary(data []byte) error {
	var nm Model
	if err := nm.decode(data); err != nil {
		return err
	}
	nm.derive()
	*m = nm
	return nil
}

// AppendModel appends to dst the encoding (Model.AppendBinary) of the
// Model of the pages l learned, without building the tables a Model needs
// to label pages: for a model that is merged elsewhere (MergeBinary).
func (l *Learner) AppendModel(dst []byte) ([]byte, error) {
	return l.counts(false).AppendBinary(dst)
}

// MergeBinary appends to dst the encoding of the merge (Model.Merge) of
// the Models encoded in a and b, each checked as UnmarshalBinary checks
// it; an empty a or b stands for no model. It is the combining step of a
// distributed learner: it builds none of the tables a Model needs to
// label pages, which decoding both, merging and encoding built three
// times.
func MergeBinary(dst, a, b []byte) ([]byte, error) {
	var ma, mb Model
	if len(a) > 0 {
		if err := ma.decode(a); err != nil {
			return dst, err
		}
	}
	if len(b) > 0 {
		if err := mb.decode(b); err != nil {
			return dst, err
		}
	}
	ma.merge(&mb)
	return ma.AppendBinary(dst)
}

// decode sets m to the Model encoded in data, checked, without its derived
// tables (see derive). On error m is unchanged.
func (m *Model) decode(data []byte) error {
	size, v, err := readHeader(data)
	if err != nil {
		return err
	}
	switch n := uint64(len(data)); {
	case n < size:
		return fmt.Errorf("%w: truncated: %d of %d bytes", ErrFormat, n, size)
	case n > size:
		return fmt.Errorf("%w: %d bytes after the %d-byte model", ErrFormat, n-size, size)
	}
	body := data[:size-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(data[size-4:]) {
		return ErrChecksum
	}
	d := decoder{b: body[headerSize:], pruned: v == version}
	var nm Model
	nm.long = d.uvarint()
	nm.words = d.frags()
	nsites := d.count(4)
	for i := 0; i < nsites && d.err == nil; i++ {
		s := d.site()
		if i > 0 && s.name <= nm.sites[i-1].name {
			d.fail("site names not increasing")
		}
		nm.sites = append(nm.sites, s)
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes in the body")
	}
	if d.err != nil {
		return d.err
	}
	if err := nm.Check(); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	*m = nm
	return nil
}

type decoder struct {
	b      []byte
	err    error
	pruned bool // the sites have pruned counts (version 6)
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

// site reads one site.
func (d *decoder) site() site {
	name := string(d.bytes(d.count(1)))
	pages := d.uvarint()
	if d.err == nil && (pages == 0 || pages > math.MaxUint32) {
		d.fail(fmt.Sprintf("site %q: page count %d", name, pages))
	}
	units := d.uvarint()
	var pruned [2]uint64
	if d.pruned {
		pruned = [2]uint64{d.uvarint(), d.uvarint()}
	}
	fs := d.frags()
	for _, n := range fs.n {
		if uint64(n) > pages {
			d.fail(fmt.Sprintf("site %q: fragment count %d above page count %d", name, n, pages))
			break
		}
	}
	nseen := d.count(1)
	if uint64(nseen) > pages {
		d.fail(fmt.Sprintf("site %q: %d page keys for %d pages", name, nseen, pages))
	}
	var seen []uint64
	prev := uint64(0)
	for k := 0; k < nseen && d.err == nil; k++ {
		delta := d.uvarint()
		if (delta == 0 && k > 0) || prev+delta < prev {
			d.fail(fmt.Sprintf("site %q: page keys not increasing", name))
			break
		}
		prev += delta
		seen = append(seen, prev)
	}
	return site{name: name, pages: uint32(pages), units: units, frags: fs, seen: seen, pruned: pruned}
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
