package minhash

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	_ encoding.BinaryAppender    = Signature(nil)
	_ encoding.BinaryMarshaler   = Signature(nil)
	_ encoding.BinaryUnmarshaler = (*Signature)(nil)
	_ encoding.BinaryAppender    = Options{}
	_ encoding.BinaryUnmarshaler = (*Options)(nil)
)

// goldenInputs are the fixed shingle sets whose signatures are pinned.
func goldenInputs() []struct {
	name string
	xs   []uint64
} {
	return []struct {
		name string
		xs   []uint64
	}{
		{"empty", nil},
		{"one", []uint64{1}},
		{"dups", []uint64{5, 5, 5, 9, 5}},
		{"ten", []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{"pcg500", randomSet(pcg(1, 2), 500)},
	}
}

// TestGolden pins the signatures of fixed inputs under fixed options, and
// their encodings, so that values never change silently: a change needs
// -update and a new encoding Version or a release note.
func TestGolden(t *testing.T) {
	var b strings.Builder
	b.WriteString("# family K seed input: AppendBinary of the signature, hex\n")
	for _, opts := range []Options{{}, {K: 16, Seed: 42}, {Family: Classic}, {K: 16, Seed: 42, Family: Classic}} {
		h := New(opts)
		enc, err := h.Options().AppendBinary(nil)
		require.NoError(t, err)
		fmt.Fprintf(&b, "%v %d %d options: %x\n", opts.Family, h.K(), opts.Seed, enc)
		for _, in := range goldenInputs() {
			enc, err := h.Append(nil, in.xs).AppendBinary(nil)
			require.NoError(t, err)
			fmt.Fprintf(&b, "%v %d %d %s: %x\n", opts.Family, h.K(), opts.Seed, in.name, enc)
		}
	}
	path := filepath.Join("testdata", "signatures.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("signatures differ from %s at line %d:\n got %.120s\nwant %.120s", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("signatures differ from %s: %d lines, want %d", path, len(gl), len(wl))
	}
}

func TestSignatureRoundTrip(t *testing.T) {
	h := New(Options{K: 32})
	for _, sig := range []Signature{
		{1},
		{EmptyValue},
		{0, 1, EmptyValue - 1},
		h.Append(nil, nil),
		h.Append(nil, []uint64{1, 2, 3}),
		New(Options{K: 300}).Append(nil, []uint64{4}), // two-byte K
	} {
		enc, err := sig.AppendBinary([]byte("prefix"))
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(enc, []byte("prefix")))
		var got Signature
		require.NoError(t, got.UnmarshalBinary(enc[len("prefix"):]))
		assert.Equal(t, sig, got)
		m, err := sig.MarshalBinary()
		require.NoError(t, err)
		assert.Equal(t, enc[len("prefix"):], m)
	}
}

func TestSignatureEncodeErrors(t *testing.T) {
	for _, sig := range []Signature{nil, {}, {1, EmptyValue}, {EmptyValue, 1}, make(Signature, MaxK+1)} {
		dst := []byte("keep")
		got, err := sig.AppendBinary(dst)
		assert.ErrorIs(t, err, ErrInvalid, "len %d", len(sig))
		assert.Equal(t, []byte("keep"), got)
	}
}

func TestSignatureDecodeErrors(t *testing.T) {
	valid, err := Signature{1, 2, 3}.AppendBinary(nil)
	require.NoError(t, err)
	reseal := func(body []byte) []byte { // recomputes the checksum
		return binaryAppendCRC(slices.Clone(body))
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"nil", nil, ErrInvalid},
		{"short", valid[:4], ErrInvalid},
		{"truncated", valid[:len(valid)-1], ErrInvalid},
		{"version", append([]byte{2}, valid[1:]...), ErrVersion},
		{"checksum", append(slices.Clone(valid[:len(valid)-1]), valid[len(valid)-1]^1), ErrInvalid},
		{"k=0", reseal([]byte{1, 0}), ErrInvalid},
		{"k too big", reseal([]byte{1, 0x81, 0x80, 0x04}), ErrInvalid},
		{"overlong k", reseal([]byte{1, 0x81, 0x00, 1, 0, 0, 0}), ErrInvalid},
		{"size", reseal([]byte{1, 2, 1, 0, 0, 0}), ErrInvalid},
		{"mixed empty", reseal([]byte{1, 2, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}), ErrInvalid},
	}
	for _, tt := range tests {
		s := Signature{7, 7}
		err := s.UnmarshalBinary(tt.data)
		assert.ErrorIs(t, err, tt.want, tt.name)
		assert.True(t, strings.HasPrefix(fmt.Sprint(err), "minhash: "), "%s: %v", tt.name, err)
		assert.Equal(t, Signature{7, 7}, s, "%s: receiver changed", tt.name)
	}
}

func TestOptionsEncoding(t *testing.T) {
	for _, o := range []Options{{}, {K: 7, Seed: 1<<64 - 1, Family: Classic}, {K: MaxK, Seed: 3}} {
		enc, err := o.AppendBinary(nil)
		require.NoError(t, err)
		var got Options
		require.NoError(t, got.UnmarshalBinary(enc))
		want := New(o).Options()
		assert.Equal(t, want, got)
	}
	for _, bad := range []Options{{K: -1}, {K: MaxK + 1}, {Family: 3}} {
		_, err := bad.AppendBinary(nil)
		assert.ErrorIs(t, err, ErrInvalid, "%+v", bad)
	}
	o := Options{K: 5}
	for _, data := range [][]byte{nil, {1, 2, 3, 4, 5}, binaryAppendCRC([]byte{1, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0})} {
		assert.ErrorIs(t, o.UnmarshalBinary(data), ErrInvalid)
		assert.Equal(t, Options{K: 5}, o)
	}
}

// binaryAppendCRC appends the checksum of b to b.
func binaryAppendCRC(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
}

// FuzzUnmarshal checks that decoding never panics, that a rejected input
// leaves the receiver unchanged, and that an accepted one re-encodes to the
// same bytes (the encoding is canonical).
func FuzzUnmarshal(f *testing.F) {
	h := New(Options{K: 8})
	for _, xs := range [][]uint64{nil, {1}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		enc, _ := h.Append(nil, xs).AppendBinary(nil)
		f.Add(enc)
	}
	f.Add([]byte{})
	f.Add([]byte{1, 0x81, 0x00, 1, 0, 0, 0, 0, 0, 0, 0})
	hexSeed, _ := hex.DecodeString("0101ffffffff00000000")
	f.Add(hexSeed)
	f.Fuzz(func(t *testing.T, data []byte) {
		s := Signature{3, 1, 4}
		err := s.UnmarshalBinary(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrVersion) {
				t.Fatalf("error %v wraps neither ErrInvalid nor ErrVersion", err)
			}
			if !slices.Equal(s, Signature{3, 1, 4}) {
				t.Fatalf("rejected input changed the receiver to %v", s)
			}
		} else {
			enc, err := s.AppendBinary(nil)
			if err != nil || !bytes.Equal(enc, data) {
				t.Fatalf("decoded %v re-encodes to %x, %v; want %x", s, enc, err, data)
			}
			_ = IsEmpty(s)
			_ = Similarity(s, s)
		}
		o := Options{K: 9}
		if err := o.UnmarshalBinary(data); err != nil {
			if o != (Options{K: 9}) {
				t.Fatalf("rejected input changed the options to %+v", o)
			}
		} else if enc, err := o.AppendBinary(nil); err != nil || !bytes.Equal(enc, data) {
			t.Fatalf("decoded %+v re-encodes to %x, %v; want %x", o, enc, err, data)
		} else {
			New(o) // decoded options must be valid
		}
	})
}
