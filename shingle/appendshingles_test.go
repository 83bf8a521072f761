package shingle

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// shingleTexts are texts for the AppendShingles tests: ASCII, long enough
// for the fast path, non-ASCII, digits, apostrophes, no tokens at all.
var shingleTexts = []string{
	"",
	" \n\t ",
	"one",
	"one two three four",
	"The quick brown fox jumps over the lazy dog, again and again and again.",
	strings.Repeat("Plain ASCII words run through the fast path of the word hasher. ", 20),
	"Don't stop: l’été à Zürich — ﬁve ＦＵＬＬ width, 東京都の天気は晴れ 2025-04-26.",
	"cafe\u0301 co\u00adop ZWJ\u200dword \u3000ideographic space\u00a0nbsp",
	"\xff\xfe invalid \xe2\x80 bytes",
	strings.Repeat("Posted 26 April 2025 by l'équipe. ", 12),
}

func shingleOptions() []Options {
	var os []Options
	for _, n := range []Normalization{Fold, Whitespace} {
		for _, u := range []Unit{Words, Runes} {
			for _, k := range []int{1, 2, 5, 9} {
				for _, m := range []bool{false, true} {
					os = append(os, Options{Normalization: n, Unit: u, K: k, MaskDigits: m, Seed: uint64(k)})
				}
			}
		}
	}
	return os
}

// TestAppendShingles checks Append(text) == AppendShingles(AppendTokens(text)),
// after what dst already holds.
func TestAppendShingles(t *testing.T) {
	for _, o := range shingleOptions() {
		s := New(o)
		for _, text := range shingleTexts {
			want := s.AppendString([]uint64{7}, text)
			toks := s.AppendTokens([]uint64{}, []byte(text))
			got := s.AppendShingles([]uint64{7}, toks)
			if !slices.Equal(got, want) {
				t.Errorf("%+v: AppendShingles(AppendTokens(%q)) = %x, want %x", o, text, got, want)
			}
			if s.AppendShingles(nil, nil) != nil {
				t.Errorf("%+v: AppendShingles(nil, nil) is not nil", o)
			}
		}
	}
	var z Shingler // the zero value sets itself up, as New(Options{})
	toks := New(Options{}).AppendTokens(nil, []byte(shingleTexts[4]))
	if got, want := z.AppendShingles(nil, toks), New(Options{}).AppendString(nil, shingleTexts[4]); !slices.Equal(got, want) {
		t.Errorf("zero Shingler: AppendShingles = %x, want %x", got, want)
	}
}

// TestAppendTokensKeepsDst checks that AppendTokens appends after dst (it
// writes into dst directly, not through the Shingler's scratch).
func TestAppendTokensKeepsDst(t *testing.T) {
	for _, o := range shingleOptions() {
		s := New(o)
		a := []byte(shingleTexts[4])
		b := []byte(shingleTexts[6])
		ta := s.AppendTokens(nil, a)
		tb := s.AppendTokens(nil, b)
		got := s.AppendTokens(s.AppendTokens(nil, a), b)
		if want := append(slices.Clone(ta), tb...); !slices.Equal(got, want) {
			t.Errorf("%+v: AppendTokens(AppendTokens(a), b) = %x, want %x", o, got, want)
		}
	}
}

// TestJoinedParagraphTokens checks what the AppendShingles doc promises: in
// the Words unit, the tokens of paragraphs joined by line breaks and blank
// lines are the concatenation of their tokens.
func TestJoinedParagraphTokens(t *testing.T) {
	seps := []string{"\n", "\r\n", "\n\n", "\r\n \t\r\n", "\n\u3000\u00a0\u0085\u2028\n", "\n\u1680\u2029\u205f\n"}
	for _, o := range shingleOptions() {
		if o.Unit != Words {
			continue
		}
		s := New(o)
		for i, a := range shingleTexts {
			b := shingleTexts[(i+3)%len(shingleTexts)]
			a = strings.Trim(a, " \n\t") // paragraphs have no blank lines
			b = strings.Trim(b, " \n\t")
			for _, sep := range seps {
				joined := s.AppendTokens(nil, []byte(a+sep+b))
				want := append(s.AppendTokens(nil, []byte(a)), s.AppendTokens(nil, []byte(b))...)
				if !slices.Equal(joined, want) {
					t.Errorf("%+v: tokens of %q+%q+%q are not the concatenation", o, a, sep, b)
				}
			}
		}
	}
}

func FuzzAppendShingles(f *testing.F) {
	for i, text := range shingleTexts {
		f.Add(text, uint8(i))
	}
	f.Fuzz(func(t *testing.T, text string, sel uint8) {
		o := Options{Normalization: Normalization(sel & 1), Unit: Unit(sel >> 1 & 1), MaskDigits: sel&4 != 0, K: 1 + int(sel>>3&7)}
		s := New(o)
		want := s.AppendString(nil, text)
		got := s.AppendShingles(nil, s.AppendTokens(nil, []byte(text)))
		if !slices.Equal(got, want) {
			t.Fatalf("%+v: AppendShingles(AppendTokens(%q)) = %x, want %x", o, text, got, want)
		}
	})
}

func ExampleShingler_AppendShingles() {
	s := New(Options{K: 3})
	text := []byte("the cat sat on the mat")
	toks := s.AppendTokens(nil, text) // tokenised once, e.g. for other uses
	fmt.Println(len(toks), slices.Equal(s.AppendShingles(nil, toks), s.Append(nil, text)))
	// Output: 6 true
}
