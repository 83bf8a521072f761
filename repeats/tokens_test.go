package repeats

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/neardup/dedupe/shingle"
)

// checkTokens checks that f.Tokens(i) are the tokens of paragraph i of
// text (split as spans), for every paragraph, and only those.
func checkTokens(t *testing.T, f *Finder, text []byte, spans []shingle.Span, so shingle.Options) {
	t.Helper()
	sh := shingle.New(so)
	for i, sp := range spans {
		want := sh.AppendTokens(nil, text[sp.Start:sp.End])
		if got := f.Tokens(i); !slices.Equal(got, want) {
			t.Fatalf("Tokens(%d) = %x, want %x", i, got, want)
		}
	}
	require.Panics(t, func() { f.Tokens(len(spans)) })
}

// TestRepeatTokens checks Tokens after every way out of find: no
// paragraph, one, fewer than two long enough, the screen failing, the
// grouping of identical sets finding nothing to join, and repeats found.
func TestRepeatTokens(t *testing.T) {
	var distinct strings.Builder
	for i := range 12 {
		fmt.Fprintf(&distinct, "Paragraph %d has its own words: %d apples, %d pears and %d plums, nothing more.\n\n", i, i*3, i*5, i*7)
	}
	texts := map[string]string{
		"empty":       "",
		"blank":       "\n \n\r\n",
		"one":         "only one paragraph, long enough to count as one for the finder",
		"short":       "too short\n\nfor repeats\n\nat all",
		"one long":    "a b\n\nthis paragraph is long enough to be kept by the finder alone\n\nc",
		"distinct":    distinct.String(),
		"identical":   "one two three four five six seven eight nine ten\n\none two three four five six seven eight nine ten\n",
		"article":     article,
		"crlf":        strings.ReplaceAll(article, "\n", "\r\n"),
		"unicode":     "Ünïcödé ﬁne, l’été à Zürich\r\n\r\n東京都の天気は晴れ\n\u3000\n\u0301combining first",
		"punctuation": "«Quoted,» she said.\n\n— dash first; last —\n\n'apostrophes' at edges'",
	}
	shapes := []Options{
		{},
		{MinWords: 1, Split: shingle.Lines},
		{MinWords: 3, Split: shingle.Blank, Shingle: shingle.Options{K: 5}},
		{MinWords: 2, Shingle: shingle.Options{K: 1, Normalization: shingle.Whitespace}},
		{MinWords: 3, Shingle: shingle.Options{K: 4, Unit: shingle.Runes}},
	}
	for name, text := range texts {
		for si, o := range shapes {
			t.Run(fmt.Sprintf("%s/%d", name, si), func(t *testing.T) {
				f := New(o)
				spans := shingle.Paragraphs(nil, []byte(text), o.Split)
				f.Pairs(nil, []byte(text))
				checkTokens(t, f, []byte(text), spans, o.Shingle)
				f.Groups([]byte(text))
				checkTokens(t, f, []byte(text), spans, o.Shingle)
			})
		}
	}
}

// TestRepeatTokensNoAllocs: Tokens, after a text without repeats, costs no
// allocation (TestRepeatsNoAllocs covers find itself).
func TestRepeatTokensNoAllocs(t *testing.T) {
	var b strings.Builder
	for i := range 3 {
		fmt.Fprintf(&b, "Paragraph %d: some words of its own, %d of them.\nAnd line %d.\n\n", i, i*7, i)
	}
	b.WriteString("tail")
	text := []byte(b.String())
	f := New(Options{})
	var pairs []Pair
	n := 0
	allocs := testing.AllocsPerRun(100, func() {
		pairs = f.Pairs(pairs[:0], text)
		n = 0
		for i := range 4 {
			n += len(f.Tokens(i))
		}
	})
	require.Empty(t, pairs)
	require.NotZero(t, n)
	require.Zero(t, allocs)
}
