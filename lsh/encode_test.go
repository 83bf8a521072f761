package lsh

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/shingle"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// goldenIndex is a small index with buckets, a removed document and a gap in
// the ids, built without randomness.
func goldenIndex(t testing.TB) *Index {
	x, err := New(8, Options{Params: Params{Bands: 4, Rows: 2}, Threshold: 0.5})
	require.NoError(t, err)
	for i := range uint32(10) {
		sig := make([]uint32, 8)
		for j := range sig {
			sig[j] = (i*uint32(j+1))%5 + uint32(j)
		}
		require.NoError(t, x.Add(i*3, sig))
	}
	require.True(t, x.Remove(6))
	return x
}

// goldenNoSigs is a small index without signatures, with main parts
// (merges after 4 documents), buffer records and a removed document, built
// without randomness.
func goldenNoSigs(t testing.TB) *Index {
	x, err := New(8, Options{Params: Params{Bands: 4, Rows: 2}, Threshold: 0.5, NoSignatures: true})
	require.NoError(t, err)
	x.mergeMin = 4
	for i := range uint32(23) {
		sig := make([]uint32, 8)
		for j := range sig {
			sig[j] = (i*uint32(j+1))%5 + uint32(j)
		}
		require.NoError(t, x.Add(i*3, sig))
	}
	require.True(t, x.Remove(6))
	return x
}

func encode(t testing.TB, x *Index) []byte {
	var b bytes.Buffer
	n, err := x.WriteTo(&b)
	require.NoError(t, err)
	require.Equal(t, int64(b.Len()), n)
	return b.Bytes()
}

func TestEncodeGolden(t *testing.T) {
	for _, g := range []struct {
		file  string
		index func(testing.TB) *Index
	}{
		{"index-v1.golden", goldenIndex},
		{"index-v2.golden", goldenNoSigs},
	} {
		got := encode(t, g.index(t))
		path := filepath.Join("testdata", g.file)
		if *update {
			require.NoError(t, os.WriteFile(path, got, 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, want, got, "%s: encoding changed; run go test -update only if the format version changed too", g.file)

		var y Index
		n, err := y.ReadFrom(bytes.NewReader(want))
		require.NoError(t, err)
		require.Equal(t, int64(len(want)), n)
		require.NoError(t, y.Check())
		require.Equal(t, want, encode(t, &y))
	}
}

// TestRoundTrip checks that a loaded index answers exactly as the saved
// one, with signatures and without, with main parts or not.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	sets := randomSets(rng, 500)
	sigs := signatures(32, sets)
	exact := func(a, b uint32) float64 { return shingle.Jaccard(sets[a], sets[b]) }
	for _, v := range bruteVariants {
		x, err := New(32, Options{Threshold: 0.6, Params: Params{Bands: 10, Rows: 3}, NoSignatures: v.noSigs})
		require.NoError(t, err)
		if v.mergeMin > 0 {
			x.mergeMin = v.mergeMin
		}
		for i, s := range sigs {
			require.NoError(t, x.Add(uint32(i), s))
		}
		for i := 0; i < len(sigs); i += 7 {
			x.Remove(uint32(i))
		}
		var y Index
		_, err = y.ReadFrom(bytes.NewReader(encode(t, x)))
		require.NoError(t, err)
		require.NoError(t, y.Check())
		require.Equal(t, x.Len(), y.Len())
		require.Equal(t, x.Params(), y.Params())
		require.Equal(t, x.Threshold(), y.Threshold())
		require.Equal(t, x.Signatures(), y.Signatures())
		for i, s := range sigs {
			require.Equal(t, x.Candidates(nil, s), y.Candidates(nil, s), v.name)
			q := func(id uint32) float64 { return exact(uint32(i), id) }
			require.Equal(t, x.Query(nil, s, 0, q), y.Query(nil, s, 0, q), v.name)
		}
		px, _ := x.Pairs(exact)
		py, _ := y.Pairs(exact)
		require.Equal(t, px, py, v.name)
		// The loaded index keeps working.
		require.NoError(t, y.Add(0, sigs[0]))
		require.NoError(t, y.Check())
	}
}

func TestDecodeErrors(t *testing.T) {
	good := encode(t, goldenIndex(t))
	corrupt := func(off int, b byte) []byte {
		c := bytes.Clone(good)
		c[off] = b
		return c
	}
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "truncated header"},
		{"short header", good[:20], "truncated header"},
		{"magic", corrupt(0, 'X'), "bad magic"},
		{"version", corrupt(8, 9), "unsupported version"},
		{"k", corrupt(12, 0), "k=0"},
		{"bands", corrupt(16, 200), "do not fit"},
		{"threshold", corrupt(31, 0x7f), "threshold"},
		{"count", corrupt(36, 99), "documents in an id set"},
		{"id set", good[:45], "truncated id set"},
		{"signatures", good[:len(good)-20], "truncated signatures"},
		{"checksum missing", good[:len(good)-2], "truncated checksum"},
		{"checksum", corrupt(len(good)-10, good[len(good)-10]^1), "checksum mismatch"},
	}
	for _, tt := range tests {
		x := goldenIndex(t)
		_, err := x.ReadFrom(bytes.NewReader(tt.in))
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", tt.name, err)
			continue
		}
		require.Contains(t, err.Error(), tt.msg, tt.name)
		require.Equal(t, good, encode(t, x), "%s: receiver changed", tt.name)
	}
}

// TestDecodeTablesErrors checks that ReadFrom validates the tables of an
// index without signatures, with valid checksums, and leaves its receiver
// unchanged.
func TestDecodeTablesErrors(t *testing.T) {
	good := encode(t, goldenNoSigs(t))
	le := binary.LittleEndian
	w := int(le.Uint32(good[32:]))
	nb := int(le.Uint32(good[40+8*w:]))
	bufIDs := 44 + 8*w        // the buffered documents
	tab := bufIDs + 4*nb      // table 0
	depth := int(good[tab+1]) // of table 0
	m := int(le.Uint32(good[tab+4:]))
	cells := tab + 8
	fps := cells + 4<<depth
	ids := fps + 2*m
	require.Positive(t, nb)
	require.Positive(t, m)
	edit := func(f func(b []byte)) []byte {
		b := bytes.Clone(good)
		f(b)
		return reseal(b)
	}
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"flags", edit(func(b []byte) { b[tab] = 2 }), "band 0: reserved table bytes"},
		{"no main part", edit(func(b []byte) { b[tab] = 0 }), "band 0: no main part, but depth"},
		{"depth", edit(func(b []byte) { b[tab+1] = b[tab+2] + 16 }), "band 0: depth"},
		{"cells", edit(func(b []byte) { le.PutUint32(b[cells:], le.Uint32(b[cells:])+1) }), "band 0: cells hold"},
		{"fingerprint", edit(func(b []byte) { le.PutUint16(b[fps:], 0) }), "band 0: fingerprint 0x0000"},
		{"stranger", edit(func(b []byte) { le.PutUint32(b[ids:], 1) }), "band 0: record of document 1, not in the id set"},
		{"twice", edit(func(b []byte) { copy(b[ids:ids+4], b[ids+4:ids+8]) }), "band 0: document"},
		{"buffered stranger", edit(func(b []byte) { le.PutUint32(b[bufIDs:], 2) }), "record of document 2, not in the id set"},
		{"truncated", good[:ids+2], "truncated main records"},
	}
	for _, tt := range tests {
		x := goldenNoSigs(t)
		before := encode(t, x)
		_, err := x.ReadFrom(bytes.NewReader(tt.in))
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", tt.name, err)
			continue
		}
		require.Contains(t, err.Error(), tt.msg, tt.name)
		require.Equal(t, before, encode(t, x), "%s: receiver changed", tt.name)
	}
}

// reseal returns a copy of the encoding b with its checksum recomputed, so
// that a decoder must reject bad values by validating them.
func reseal(b []byte) []byte {
	c := bytes.Clone(b)
	if len(c) >= 4 {
		binary.LittleEndian.PutUint32(c[len(c)-4:], crc32.Checksum(c[:len(c)-4], castagnoli))
	}
	return c
}

// badHeaders are encodings of goldenIndex (k=8, 4 bands of 2 rows,
// threshold 0.5) with one invalid header value and a valid checksum, and
// the error each must give.
func badHeaders(t testing.TB) []struct {
	name string
	in   []byte
	msg  string
} {
	good := encode(t, goldenIndex(t))
	set := func(off int, v uint32) func([]byte) {
		return func(b []byte) { binary.LittleEndian.PutUint32(b[off:], v) }
	}
	threshold := func(v float64) func([]byte) {
		return func(b []byte) { binary.LittleEndian.PutUint64(b[24:], math.Float64bits(v)) }
	}
	tests := []struct {
		name  string
		edits []func([]byte)
		msg   string
	}{
		{"version", []func([]byte){func(b []byte) { b[8] = 3 }}, "unsupported version 3"},
		{"reserved", []func([]byte){func(b []byte) { b[10] = 1 }}, "reserved header bytes"},
		{"k=0", []func([]byte){set(12, 0)}, "k=0 outside"},
		{"k too large", []func([]byte){set(12, maxK+1)}, "k=65537 outside"},
		{"k below bands×rows", []func([]byte){set(12, 7)}, "bands=4 rows=2 do not fit k=7"},
		{"bands=0", []func([]byte){set(16, 0)}, "bands=0 rows=2"},
		{"rows=0", []func([]byte){set(20, 0)}, "bands=4 rows=0"},
		{"bands×rows > k", []func([]byte){set(16, 5)}, "bands=5 rows=2 do not fit k=8"},
		{"bands×rows wraps 32 bits", []func([]byte){set(16, 1<<16), set(20, 1<<16)}, "bands=65536 rows=65536"},
		{"bands absurd", []func([]byte){set(16, math.MaxUint32), set(20, 1)}, "bands=4294967295"},
		{"threshold NaN", []func([]byte){threshold(math.NaN())}, "threshold NaN"},
		{"threshold +Inf", []func([]byte){threshold(math.Inf(1))}, "threshold +Inf"},
		{"threshold 0", []func([]byte){threshold(0)}, "threshold 0 outside"},
		{"threshold -0", []func([]byte){threshold(math.Copysign(0, -1))}, "threshold -0 outside"},
		{"threshold negative", []func([]byte){threshold(-0.5)}, "threshold -0.5"},
		{"threshold above 1", []func([]byte){threshold(math.Nextafter(1, 2))}, "threshold 1.0000000000000002"},
		{"id set too large", []func([]byte){set(32, 1<<26)}, "exceeds MaxID"},
		{"more documents than ids", []func([]byte){set(36, 65)}, "65 documents in an id set of 64 bits"},
		{"count", []func([]byte){set(36, 8)}, "id set has 9 ids, header says 8"},
	}
	out := make([]struct {
		name string
		in   []byte
		msg  string
	}, len(tests))
	for i, tt := range tests {
		b := bytes.Clone(good)
		for _, e := range tt.edits {
			e(b)
		}
		out[i].name, out[i].in, out[i].msg = tt.name, reseal(b), tt.msg
	}
	return out
}

// TestDecodeBadHeader checks that ReadFrom validates each header value
// even when the checksum is valid, and leaves its receiver unchanged.
func TestDecodeBadHeader(t *testing.T) {
	good := encode(t, goldenIndex(t))
	require.Equal(t, good, reseal(good))
	for _, tt := range badHeaders(t) {
		x := goldenIndex(t)
		_, err := x.ReadFrom(bytes.NewReader(tt.in))
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", tt.name, err)
			continue
		}
		require.Contains(t, err.Error(), tt.msg, tt.name)
		require.Equal(t, good, encode(t, x), "%s: receiver changed", tt.name)
	}
}

// FuzzReadFrom decodes arbitrary bytes, with their checksum as given or
// recomputed (reseal, so that the values themselves are explored): a
// rejected input gives an error wrapping ErrFormat and leaves the receiver
// unchanged; an accepted one is a valid index that re-encodes to the same
// bytes.
func FuzzReadFrom(f *testing.F) {
	good := encode(f, goldenIndex(f))
	f.Add(good, false)
	f.Add(good[:len(good)/2], false)
	f.Add(encode(f, goldenNoSigs(f)), false)
	f.Add(encode(f, goldenNoSigs(f)), true)
	empty, _ := New(4, Options{})
	f.Add(encode(f, empty), false)
	f.Add([]byte("dedupLSH\x01"), false)
	for _, tt := range badHeaders(f) {
		f.Add(tt.in, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, resealed bool) {
		if resealed {
			data = reseal(data)
		}
		x := goldenIndex(t)
		n, err := x.ReadFrom(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			require.Equal(t, good, encode(t, x), "rejected input changed the receiver")
			return
		}
		if err := x.Check(); err != nil {
			t.Fatal(err)
		}
		p := x.Params()
		if th := x.Threshold(); !(th > 0 && th <= 1) || p.Bands < 1 || p.Rows < 1 || p.Bands*p.Rows > x.K() {
			t.Fatalf("accepted k=%d %v threshold %v", x.K(), p, th)
		}
		// The id set may carry trailing zero words, which WriteTo keeps.
		require.Equal(t, data[:n], encode(t, x))
	})
}
