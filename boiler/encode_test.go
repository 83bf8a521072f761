package boiler

import (
	"bytes"
	"encoding/binary"
	"flag"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func goldenModel() *Model {
	return learn(
		NewPage("a.example", "Home\n\nThe mayor said the bridge will be repaired before the winter comes to the valley.\n\nPosted 3 May 2024\n"),
		NewPage("a.example", "Home\n\nLocal farmers said that the harvest was better than expected this year.\n\nPosted 26 April 2025\n"),
		// a word over 16 bytes (see hashWord)
		NewPage("b.example", "Menu\nSearch\n\nA new school will open in the autumn, the committee confirmed on Friday after a long debate about the buses that are needed in the evening for its internationalisation programme.\n"),
	)
}

func TestGolden(t *testing.T) {
	m := goldenModel()
	got, err := m.AppendBinary(nil)
	require.NoError(t, err)
	path := filepath.Join("testdata", "model.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, want, got, "encoding changed: run go test -run TestGolden -update and bump the version if the format changed")

	var back Model
	_, err = back.ReadFrom(bytes.NewReader(want))
	require.NoError(t, err)
	again, _ := back.AppendBinary(nil)
	require.Equal(t, want, again)
	require.Equal(t, 2, back.Pages("a.example"))
	require.Equal(t, 2, back.Sites())
	pg := Page{Site: "a.example", Paragraphs: []string{"Home", "x"}}
	require.Equal(t, label(m, pg), label(&back, pg))
}

// goldenPruned is goldenModel after Prune(3), which drops the fragments
// on both pages of a.example: a version 6 model with pruned counts.
func goldenPruned() *Model {
	m := goldenModel()
	m.Prune(3)
	return m
}

// TestGoldenPruned pins the encoding of a pruned model (version 6), as
// TestGolden pins that of one without pruned counts (version 5).
func TestGoldenPruned(t *testing.T) {
	m := goldenPruned()
	require.NotEqual(t, [2]uint64{}, m.sites[0].pruned)
	got, err := m.AppendBinary(nil)
	require.NoError(t, err)
	require.Equal(t, uint16(version), binary.LittleEndian.Uint16(got[len(magic):]))
	path := filepath.Join("testdata", "model_pruned.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, want, got, "encoding changed: run go test -run TestGolden -update and bump the version if the format changed")
	var back Model
	require.NoError(t, back.UnmarshalBinary(want))
	require.Equal(t, m.sites[0].pruned, back.sites[0].pruned)
	require.Equal(t, m.sites[0].tmpl, back.sites[0].tmpl)
}

// seal returns body wrapped in a header and checksum: a Model encoding if
// body is a valid body of a Model without pruned counts.
func seal(body []byte) []byte { return sealAs(unpruned, body) }

// sealAs is seal for a body of version v.
func sealAs(v uint16, body []byte) []byte {
	b := append([]byte(magic), 0, 0)
	binary.LittleEndian.PutUint16(b[len(magic):], v)
	b = binary.LittleEndian.AppendUint64(b, uint64(headerSize+len(body)+4))
	b = append(b, body...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// body returns the body of the encoding b of a Model.
func body(b []byte) []byte { return b[headerSize : len(b)-4] }

func TestDecodeErrors(t *testing.T) {
	good, _ := goldenModel().AppendBinary(nil)
	corrupt := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	withVersion := func(v uint16) []byte {
		b := bytes.Clone(good)
		binary.LittleEndian.PutUint16(b[len(magic):], v)
		return b
	}
	withSize := func(n uint64) []byte {
		b := bytes.Clone(good)
		binary.LittleEndian.PutUint64(b[len(magic)+2:], n)
		return b
	}
	// a body with one more site than it holds, and one with a byte after
	// its last site, sealed with a valid checksum
	b := body(good)
	nsitesAt := bytes.Index(b, []byte("\x09a.example")) - 1 // nsites precedes the first name's length
	long := bytes.Clone(b)
	long[nsitesAt]++
	trailing := append(bytes.Clone(b), 0)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrFormat},
		{"header only", good[:headerSize], ErrFormat},
		{"magic", corrupt(0), ErrFormat},
		{"version 3 (xxHash64 for long words)", withVersion(3), ErrVersion},
		{"version 2", withVersion(2), ErrVersion},
		{"version 9", withVersion(9), ErrVersion},
		{"size too small", withSize(uint64(minSize) - 1), ErrFormat},
		{"size beyond int64", withSize(1 << 63), ErrFormat},
		{"size larger than the data", withSize(uint64(len(good)) + 1), ErrFormat},
		{"size smaller than the data", withSize(uint64(len(good)) - 1), ErrFormat},
		{"body", corrupt(len(good) / 2), ErrChecksum},
		{"crc", corrupt(len(good) - 1), ErrChecksum},
		{"truncated", good[:len(good)-5], ErrFormat},
		{"a byte after the model", append(bytes.Clone(good), 0), ErrFormat},
		{"two models", append(bytes.Clone(good), good...), ErrFormat},
		{"more sites than the body holds", seal(long), ErrFormat},
		{"bytes after the last site", seal(trailing), ErrFormat},
	}
	for _, tt := range tests {
		m := goldenModel()
		before, _ := m.AppendBinary(nil)
		err := (&Model{}).UnmarshalBinary(tt.data)
		require.ErrorIs(t, err, tt.want, tt.name)
		_, err = m.ReadFrom(bytes.NewReader(tt.data))
		require.ErrorIs(t, err, tt.want, tt.name)
		after, _ := m.AppendBinary(nil)
		require.Equal(t, before, after, "%s: receiver changed", tt.name)
	}
	// the sealed body of a good model is the good model
	require.Equal(t, good, seal(body(good)))
}

// A count of long paragraphs beyond uint32 decodes to a Model whose word
// shares are computed as they should be: a word in 7 of 2.7e12 long
// paragraphs is no function word (4% of them, converted to a uint32, was
// 3), a word in 7 of 100 is one.
func TestDecodeHugeLong(t *testing.T) {
	for _, tt := range []struct {
		long uint64
		want int
	}{{625<<32 + 75, 0}, {100, 1}} {
		b := binary.AppendUvarint(nil, tt.long)
		b = append(b, 1, 5, 7, 0) // one word (hash 5, count 7), no sites
		var m Model
		require.NoError(t, m.UnmarshalBinary(seal(b)))
		_, in := m.stop.filter(nil, []uint64{5})
		require.Equal(t, tt.want, in, "long %d", tt.long)
	}
}

// ReadFrom reads no further than one byte past the size the header states.
func TestReadFromStopsAfterModel(t *testing.T) {
	good, _ := goldenModel().AppendBinary(nil)
	r := bytes.NewReader(append(bytes.Clone(good), "junk"...))
	var m Model
	n, err := m.ReadFrom(r)
	require.ErrorIs(t, err, ErrFormat)
	require.Equal(t, int64(len(good)+1), n)
	require.Equal(t, 3, r.Len())
}

// FuzzModelDecode checks that decoding never panics, that a rejected input
// leaves the receiver unchanged and that an accepted one re-encodes
// stably (varints may be non-minimal in the input). Each input is decoded
// as it is and as the body of a model (sealed with a valid header and
// checksum), so that the fuzzer reaches the body's decoder, which the
// checksum would otherwise guard from nearly every mutation.
//
//	go test -run XXX -fuzz FuzzModelDecode -fuzztime 60s -fuzzminimizetime 5s ./boiler/
func FuzzModelDecode(f *testing.F) {
	good, _ := goldenModel().AppendBinary(nil)
	empty, _ := (&Model{}).AppendBinary(nil)
	pruned, _ := goldenPruned().AppendBinary(nil)
	for _, b := range [][]byte{good, empty, pruned, []byte(magic), good[:len(good)/2], body(good), body(empty), body(pruned)} {
		f.Add(b)
	}
	want, _ := goldenModel().AppendBinary(nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, in := range [][]byte{data, seal(data), sealAs(version, data)} {
			var m Model
			if err := m.UnmarshalBinary(want); err != nil {
				t.Fatal(err)
			}
			if err := m.UnmarshalBinary(in); err != nil {
				if after, _ := m.AppendBinary(nil); !bytes.Equal(want, after) {
					t.Fatal("rejected input changed the receiver")
				}
				continue
			}
			again, _ := m.AppendBinary(nil)
			var m2 Model
			if err := m2.UnmarshalBinary(again); err != nil {
				t.Fatal(err)
			}
			if third, _ := m2.AppendBinary(nil); !bytes.Equal(again, third) {
				t.Fatal("accepted input does not round-trip")
			}
			label(&m, Page{Site: "a.example", Paragraphs: []string{"Home", "some text"}})
		}
	})
}

var fuzzModel = goldenModel()

// FuzzAnalyze checks that the tokenizer never panics and agrees with itself
// on its invariants, and that labelling any text does not panic.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"", "Posted 26 April 2025", "café 12ab", "日本語テキスト", "\xff\xfe", "a|b|c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var st stats
		analyze(&st, nil, []byte(s))
		if st.words != len(st.wordHashs) {
			t.Fatalf("words %d, hashes %d", st.words, len(st.wordHashs))
		}
		if (st.words == 0) != (st.exact == 0) {
			t.Fatal("empty key mismatch")
		}
		label(fuzzModel, NewPage("a.example", s))
		label(fuzzModel, Page{Site: "a.example", Paragraphs: []string{s, s}})
	})
}

// TestMergeBinary checks the combining step of a distributed learner
// against decoding, Model.Merge and encoding, with learners that saw
// different pages of shared sites, and its errors on a corrupt model.
func TestMergeBinary(t *testing.T) {
	pages := synCorpus(11, 5, 6)
	var a, b Learner
	var an PageAnalysis
	for i, p := range pages {
		an.Analyze(p.page())
		if i%3 == 0 {
			a.Add(&an)
		} else {
			b.Add(&an)
		}
	}
	ea, err := a.AppendModel(nil)
	require.NoError(t, err)
	want, _ := a.Model().AppendBinary(nil)
	require.Equal(t, want, ea, "AppendModel is the Model's encoding")
	eb, err := b.AppendModel(nil)
	require.NoError(t, err)

	var ma, mb Model
	require.NoError(t, ma.UnmarshalBinary(ea))
	require.NoError(t, mb.UnmarshalBinary(eb))
	ma.Merge(&mb)
	want, _ = ma.AppendBinary(nil)
	got, err := MergeBinary([]byte("prefix"), ea, eb)
	require.NoError(t, err)
	require.Equal(t, append([]byte("prefix"), want...), got)
	got, err = MergeBinary(nil, eb, ea)
	require.NoError(t, err)
	require.Equal(t, want, got, "commutative")

	// an empty side stands for no model
	got, err = MergeBinary(nil, ea, nil)
	require.NoError(t, err)
	require.Equal(t, ea, got)
	got, err = MergeBinary(nil, nil, eb)
	require.NoError(t, err)
	require.Equal(t, eb, got)

	bad := bytes.Clone(eb)
	bad[len(bad)/2] ^= 0x40
	_, err = MergeBinary(nil, ea, bad)
	require.ErrorIs(t, err, ErrChecksum)
	_, err = MergeBinary(nil, ea[:len(ea)-1], eb)
	require.ErrorIs(t, err, ErrFormat)
}
