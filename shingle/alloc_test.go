package shingle

import (
	"strings"
	"testing"
)

// TestAllocs guards the zero-allocation claim: once warm, the hot paths do
// not allocate per document.
func TestAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	texts := map[string][]byte{
		"ascii":   []byte(strings.Repeat("The quick brown fox, 26 April 2025; don't jump! ", 60)),
		"unicode": []byte(strings.Repeat("Ｆｕｌｌ ﬁne Straße café 東京都の天気 ภาษาไทย Привет мир \xff\x00 ", 40)),
	}
	for _, o := range goldenOptions() {
		s := New(o)
		for name, text := range texts {
			dst := make([]uint64, 0, 4096)
			var nb []byte
			s.Append(dst, text) // warm the scratch buffers
			nb = s.AppendNormalized(nb[:0], text)
			checks := map[string]func(){
				"Append":           func() { dst = s.Append(dst[:0], text) },
				"AppendTokens":     func() { dst = s.AppendTokens(dst[:0], text) },
				"AppendNormalized": func() { nb = s.AppendNormalized(nb[:0], text) },
				"CountTokens":      func() { s.CountTokens(text) },
			}
			for fn, f := range checks {
				if a := testing.AllocsPerRun(20, f); a != 0 {
					t.Errorf("%+v %s(%s): %v allocs, want 0", o, fn, name, a)
				}
			}
		}
	}
	spans := make([]Span, 0, 64)
	text := []byte("a\nb\n\nc\r\n \n d\n")
	if a := testing.AllocsPerRun(20, func() { spans = Paragraphs(spans[:0], text, Auto) }); a != 0 {
		t.Errorf("Paragraphs: %v allocs, want 0", a)
	}
}
