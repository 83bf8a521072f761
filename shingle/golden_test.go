package shingle

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/zeebo/xxh3"
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

// TestHashTokenXXH3 checks the token hash against github.com/zeebo/xxh3
// for every length up to 300 bytes and several seeds, and the fast path
// against hashToken for every word length from 1 to 40 bytes.
func TestHashTokenXXH3(t *testing.T) {
	buf := make([]byte, 300)
	for i := range buf {
		buf[i] = byte(i*131 + 7)
	}
	word := []byte("abcdefghijklmnopqrstuvwxyzabcdefghijklmn")
	for _, seed := range []uint64{0, 1, 42, 0xdeadbeefcafef00d, 0x8000000000000000, ^uint64(0)} {
		s := New(Options{Seed: seed})
		for n := 0; n <= len(buf); n++ {
			if got, want := s.hashToken(buf[:n]), xxh3.HashSeed(buf[:n], seed); got != want {
				t.Fatalf("seed %x: hashToken(%d bytes) = %x, want %x", seed, n, got, want)
			}
		}
		for n := 1; n <= len(word); n++ {
			text := append([]byte("x "), word[:n]...)
			text = append(text, " y"...)
			got := s.AppendTokens(nil, text)
			if len(got) != 3 || got[1] != xxh3.HashSeed(word[:n], seed) {
				t.Fatalf("seed %x: fast path %x for %d bytes, want %x", seed, got, n, xxh3.HashSeed(word[:n], seed))
			}
		}
	}
	if got, want := New(Options{}).hashToken([]byte("abc")), xxh3.HashString("abc"); got != want {
		t.Fatalf("hashToken(abc) = %x, want xxh3.HashString %x", got, want)
	}
}
