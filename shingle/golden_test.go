package shingle

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cespare/xxhash/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenTexts are fixed inputs written for this test.
var goldenTexts = []string{
	"",
	"one",
	"a b",
	"b a",
	"The quick brown fox jumps over the lazy dog.",
	"Posted 26 April 2025 by the editors; 1,234 comments so far.",
	"Don’t PANIC — the ﬁle is in ＦＵＬＬ-width form, Straße café.",
	"東京都の天気は晴れです。Bangkok ภาษาไทย",
	"bad \xff bytes \x00 and\r\nlines\n\nend",
}

type goldenCase struct {
	Name     string   `json:"name"`
	Options  Options  `json:"options"`
	Text     string   `json:"text"`
	Norm     string   `json:"normalized"`
	Tokens   []string `json:"tokens"`
	Shingles []string `json:"shingles"`
}

func goldenOptions() []Options {
	return []Options{
		{},
		{Seed: 1},
		{Seed: 0xdeadbeefcafef00d, K: 3},
		{K: 1},
		{MaskDigits: true},
		{Normalization: Whitespace},
		{Normalization: Whitespace, MaskDigits: true, Seed: 42, K: 2},
		{Unit: Runes},
		{Unit: Runes, K: 9, Seed: 7},
		{Unit: Runes, Normalization: Whitespace, MaskDigits: true, K: 4},
	}
}

func hexes(h []uint64) []string {
	out := make([]string, len(h))
	for i, v := range h {
		out[i] = fmt.Sprintf("%016x", v)
	}
	return out
}

// TestGolden pins the hashes: they must never change silently. Run
// go test -run TestGolden -update to rewrite testdata/golden.json, and
// treat any change as a breaking change of the package.
func TestGolden(t *testing.T) {
	var got []goldenCase
	for oi, o := range goldenOptions() {
		s := New(o)
		for ti, text := range goldenTexts {
			got = append(got, goldenCase{
				Name:     fmt.Sprintf("opts%d/text%d", oi, ti),
				Options:  o,
				Text:     text,
				Norm:     string(s.AppendNormalized(nil, []byte(text))),
				Tokens:   hexes(s.AppendTokens(nil, []byte(text))),
				Shingles: hexes(s.AppendString(nil, text)),
			})
		}
	}
	// One case a line, so that a change shows as a small diff.
	data := []byte("[\n")
	for i, c := range got {
		line, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, line...)
		if i < len(got)-1 {
			data = append(data, ',')
		}
		data = append(data, '\n')
	}
	data = append(data, "]\n"...)
	path := filepath.Join("testdata", "golden.json")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if bytes.Equal(data, want) {
		return
	}
	var wantCases []goldenCase
	if err := json.Unmarshal(want, &wantCases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(wantCases) != len(got) {
		t.Fatalf("%s has %d cases, want %d", path, len(wantCases), len(got))
	}
	for i, w := range wantCases {
		g := got[i]
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("%s: %+v\nshingles = %v\nwant       %v", w.Name, w.Options, g.Shingles, w.Shingles)
		}
	}
}

// TestHashTokenXXH64 checks the inlined XXH64 against xxhash's seeded
// digest for every length up to 100 bytes.
func TestHashTokenXXH64(t *testing.T) {
	buf := make([]byte, 100)
	for i := range buf {
		buf[i] = byte(i*131 + 7)
	}
	for _, seed := range []uint64{0, 1, 42, 0xdeadbeefcafef00d, ^uint64(0)} {
		s := New(Options{Seed: seed})
		for n := 0; n <= len(buf); n++ {
			d := xxhash.NewWithSeed(seed)
			d.Write(buf[:n])
			if got, want := s.hashToken(buf[:n]), d.Sum64(); got != want {
				t.Fatalf("seed %d: hashToken(%d bytes) = %x, want %x", seed, n, got, want)
			}
		}
	}
	if got, want := New(Options{}).hashToken([]byte("abc")), xxhash.Sum64String("abc"); got != want {
		t.Fatalf("hashToken(abc) = %x, want xxhash.Sum64String %x", got, want)
	}
}
