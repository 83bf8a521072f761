package lsh

import (
	"bytes"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
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

func encode(t testing.TB, x *Index) []byte {
	var b bytes.Buffer
	n, err := x.WriteTo(&b)
	require.NoError(t, err)
	require.Equal(t, int64(b.Len()), n)
	return b.Bytes()
}

func TestEncodeGolden(t *testing.T) {
	got := encode(t, goldenIndex(t))
	path := filepath.Join("testdata", "index-v1.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, want, got, "encoding changed; run go test -update only if the format version changed too")

	var y Index
	n, err := y.ReadFrom(bytes.NewReader(want))
	require.NoError(t, err)
	require.Equal(t, int64(len(want)), n)
	require.NoError(t, y.Check())
	require.Equal(t, want, encode(t, &y))
}

// TestRoundTrip checks that a loaded index answers exactly as the saved one.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	sets := randomSets(rng, 500)
	sigs := signatures(32, sets)
	x, err := New(32, Options{Threshold: 0.6, Params: Params{Bands: 10, Rows: 3}})
	require.NoError(t, err)
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
	for _, s := range sigs {
		require.Equal(t, x.Candidates(nil, s), y.Candidates(nil, s))
		require.Equal(t, x.Query(nil, s, 0, nil), y.Query(nil, s, 0, nil))
	}
	px, _ := x.Pairs(nil)
	py, _ := y.Pairs(nil)
	require.Equal(t, px, py)
	// The loaded index keeps working.
	require.NoError(t, y.Add(0, sigs[0]))
	require.NoError(t, y.Check())
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

func FuzzReadFrom(f *testing.F) {
	good := encode(f, goldenIndex(f))
	f.Add(good)
	f.Add(good[:len(good)/2])
	empty, _ := New(4, Options{})
	f.Add(encode(f, empty))
	f.Add([]byte("dedupLSH\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var x Index
		if _, err := x.ReadFrom(bytes.NewReader(data)); err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		if err := x.Check(); err != nil {
			t.Fatal(err)
		}
		again := encode(t, &x)
		var y Index
		if _, err := y.ReadFrom(bytes.NewReader(again)); err != nil {
			t.Fatalf("re-encoded index does not decode: %v", err)
		}
	})
}
