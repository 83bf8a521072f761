package boiler

import (
	"bytes"
	"flag"
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
		NewPage("b.example", "Menu\nSearch\n\nA new school will open in the autumn, the committee confirmed on Friday after a long debate about the buses that are needed in the evening.\n"),
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

func TestDecodeErrors(t *testing.T) {
	good, _ := goldenModel().AppendBinary(nil)
	corrupt := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	badVersion := bytes.Clone(good)
	badVersion[len(magic)] = 9
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrFormat},
		{"magic", corrupt(0), ErrFormat},
		{"version", badVersion, ErrVersion},
		{"body", corrupt(len(good) / 2), ErrChecksum},
		{"crc", corrupt(len(good) - 1), ErrChecksum},
		{"truncated", good[:len(good)-5], ErrChecksum},
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
}

// FuzzModelDecode checks that decoding never panics, that a rejected input
// leaves the receiver unchanged and that an accepted one re-encodes
// stably (varints may be non-minimal in the input).
func FuzzModelDecode(f *testing.F) {
	good, _ := goldenModel().AppendBinary(nil)
	empty, _ := (&Model{}).AppendBinary(nil)
	f.Add(good)
	f.Add(empty)
	f.Add([]byte(magic))
	f.Add(good[:len(good)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		m := goldenModel()
		before, _ := m.AppendBinary(nil)
		if err := m.UnmarshalBinary(data); err != nil {
			after, _ := m.AppendBinary(nil)
			if !bytes.Equal(before, after) {
				t.Fatal("rejected input changed the receiver")
			}
			return
		}
		again, _ := m.AppendBinary(nil)
		var m2 Model
		if err := m2.UnmarshalBinary(again); err != nil {
			t.Fatal(err)
		}
		if third, _ := m2.AppendBinary(nil); !bytes.Equal(again, third) {
			t.Fatal("accepted input does not round-trip")
		}
		label(m, Page{Site: "a.example", Paragraphs: []string{"Home", "some text"}})
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
